import { describe, expect, it } from 'vitest'
import { canNavigate, menuFor } from '@/layout/menu'

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
})
