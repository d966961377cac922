import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import LoginView from '@/views/login/LoginView.vue'
import { login } from '@/api/auth'
import { ApiError, getToken } from '@/api/request'
import { session } from '@/store/session'
import { mountView } from './mountView'

vi.mock('@/api/auth', () => ({ login: vi.fn(), getMe: vi.fn() }))

async function submitLogin(wrapper, username, password) {
  await wrapper.get('[data-testid="login-username"]').setValue(username)
  await wrapper.get('[data-testid="login-password"]').setValue(password)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

describe('LoginView', () => {
  afterEach(() => {
    localStorage.clear()
    document.body.innerHTML = ''
  })

  it('shows the server message for wrong credentials', async () => {
    login.mockRejectedValue(
      new ApiError({ status: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误!' }),
    )
    const { wrapper } = await mountView(LoginView)

    await submitLogin(wrapper, 'admin', 'wrong')

    expect(login).toHaveBeenCalledWith('admin', 'wrong')
    expect(wrapper.text()).toContain('用户名或密码错误!')
  })

  it.each([
    ['site', '/site/entries'],
    ['enterprise', '/site/roster'],
    ['authority', '/site/roster'],
  ])('keeps the token and lands each role on its own home: %s on %s', async (role, home) => {
    const account = { username: `${role}1`, role, scope_name: '一号' }
    login.mockResolvedValue({ token: 't-1', account })
    const { wrapper, router } = await mountView(LoginView)

    await submitLogin(wrapper, account.username, 'secret')

    expect(getToken()).toBe('t-1')
    expect(session.account).toEqual(account)
    expect(router.currentRoute.value.path).toBe(home)
  })

  it('goes back to the page that asked for a login', async () => {
    login.mockResolvedValue({ token: 't-1', account: { username: 'site1', role: 'site', scope_name: '一号工地' } })
    const { wrapper, router } = await mountView(LoginView)
    await router.push({ path: '/', query: { redirect: '/persons/lookup' } })

    await submitLogin(wrapper, 'site1', 'secret')

    expect(router.currentRoute.value.path).toBe('/persons/lookup')
  })
})
