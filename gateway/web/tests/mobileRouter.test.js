import { afterEach, describe, expect, it, vi } from 'vitest'
import { router } from '@/router'
import { currentSession, setToken } from '@/api/request'

vi.mock('@/api/auth', () => ({ login: vi.fn(), getMe: vi.fn() }))

describe('the mobile page’s routes', () => {
  afterEach(() => {
    localStorage.clear()
  })

  it('send a worker without a login to the worker login, even when a staff user is logged in', async () => {
    setToken('staff-1', 'staff')
    await router.push('/m/me')
    expect(router.currentRoute.value.name).toBe('m-login')
    expect(router.currentRoute.value.query.redirect).toBe('/m/me')
    expect(currentSession()).toBe('worker')
  })

  it('open 我的聘用 and 我的信息 with a worker login, and the activation page with none', async () => {
    await router.push('/m/activate?code=K7MP4XQ2')
    expect(router.currentRoute.value.name).toBe('m-activate')
    setToken('w-1', 'worker')
    await router.push('/m')
    expect(router.currentRoute.value.name).toBe('m-employments')
    await router.push('/m/nowhere')
    expect(router.currentRoute.value.name).toBe('m-employments')
  })

  it('give the staff portal back its own login', async () => {
    setToken('w-1', 'worker')
    await router.push('/persons')
    expect(router.currentRoute.value.name).toBe('login')
    expect(currentSession()).toBe('staff')
  })
})
