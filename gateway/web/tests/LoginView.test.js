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

  it('keeps the token and opens the person list after login', async () => {
    const account = { username: 'site1', role: 'site', scope_name: '一号工地' }
    login.mockResolvedValue({ token: 't-1', account })
    const { wrapper, router } = await mountView(LoginView)

    await submitLogin(wrapper, 'site1', 'secret')

    expect(getToken()).toBe('t-1')
    expect(session.account).toEqual(account)
    expect(router.currentRoute.value.path).toBe('/persons')
  })
})
