import { describe, expect, it } from 'vitest'
import { canNavigate, homeOf, menuFor } from '@/layout/menu'

const testIds = (role) => menuFor(role).map((item) => item.testId)

describe('menu by role', () => {
  it('gives every role the person screens', () => {
    for (const role of ['authority', 'enterprise', 'site']) {
      expect(testIds(role)).toEqual(expect.arrayContaining(['nav-person-register', 'nav-persons', 'nav-person-lookup']))
    }
  })

  it('shows the health page to the authority only', () => {
    expect(testIds('authority')).toContain('nav-health')
    expect(testIds('enterprise')).not.toContain('nav-health')
    expect(canNavigate('site', 'health')).toBe(false)
    expect(canNavigate('authority', 'health')).toBe(true)
  })

  it('gives an unknown role nothing', () => {
    expect(menuFor(undefined)).toEqual([])
  })

  it('lands each role on its own home: a site on 进场管理, an enterprise and the authority on 用工查询', () => {
    expect(homeOf('site')).toBe('/site/entries')
    expect(homeOf('enterprise')).toBe('/site/roster')
    expect(homeOf('authority')).toBe('/site/roster')
    expect(testIds('authority')[0]).toBe('nav-roster')
    expect(homeOf(undefined)).toBe('/login')
  })

  it('gives every role that sees people on site 用工查询', () => {
    for (const role of ['authority', 'enterprise', 'site']) expect(canNavigate(role, 'roster')).toBe(true)
  })
})
