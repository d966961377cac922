import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import WorkerLogin from '@/views/mobile/WorkerLogin.vue'
import WorkerActivate from '@/views/mobile/WorkerActivate.vue'
import { activateWorker, loginWorker } from '@/api/workerAccount'
import { ApiError, getToken } from '@/api/request'
import { workerSession } from '@/store/workerSession'
import { mobileTarget, passwordProblem } from '@/views/mobile/rules'
import { mountMobile } from './mountMobile'

vi.mock('@/api/workerAccount', () => ({ activateWorker: vi.fn(), loginWorker: vi.fn(), getMyRecord: vi.fn() }))

const ID_NUMBER = '110101199003074514'
const SIGNED_IN = {
  token: 'w-1',
  account: { username: 'worker:12', display_name: '测试工人', role: 'worker', person_id: 12 },
}

async function fill(wrapper, values) {
  for (const [testId, value] of Object.entries(values)) {
    await wrapper.get(`[data-testid="${testId}"]`).setValue(value)
  }
}

describe('the worker login', () => {
  afterEach(() => {
    localStorage.clear()
    document.body.innerHTML = ''
    vi.clearAllMocks()
  })

  it('keeps the worker token apart from the staff token and opens 我的聘用', async () => {
    localStorage.setItem('token', 'staff-1')
    loginWorker.mockResolvedValue(SIGNED_IN)
    const { wrapper, router } = await mountMobile(WorkerLogin, '/m/login')

    await fill(wrapper, { 'm-login-id-number': ` ${ID_NUMBER} `, 'm-login-password': 'Gongren2026' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(loginWorker).toHaveBeenCalledWith({ idNumber: ID_NUMBER, password: 'Gongren2026' })
    expect(getToken('worker')).toBe('w-1')
    expect(getToken('staff')).toBe('staff-1')
    expect(workerSession.account.person_id).toBe(12)
    expect(router.currentRoute.value.name).toBe('m-employments')
  })

  it('shows the gateway’s words for a wrong password or a lock', async () => {
    loginWorker.mockRejectedValue(new ApiError({
      status: 429, code: 'TOO_MANY_ATTEMPTS', message: '失败次数过多，请15分钟后再试',
    }))
    const { wrapper } = await mountMobile(WorkerLogin, '/m/login')

    await fill(wrapper, { 'm-login-id-number': ID_NUMBER, 'm-login-password': 'wrong-one' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(wrapper.get('[data-testid="m-login-error"]').text()).toContain('失败次数过多，请15分钟后再试')
    expect(getToken('worker')).toBeNull()
  })

  it.each([
    ['/m/me', '/m/me'],
    ['/persons', '/m'],
    ['//evil.example', '/m'],
    ['/m/login', '/m'],
    [undefined, '/m'],
  ])('goes back to a mobile page only: %s → %s', (asked, target) => {
    expect(mobileTarget(asked)).toBe(target)
  })
})

describe('the activation page', () => {
  afterEach(() => {
    localStorage.clear()
    document.body.innerHTML = ''
    vi.clearAllMocks()
  })

  it('takes the code from the link and activates with a new password', async () => {
    activateWorker.mockResolvedValue(SIGNED_IN)
    const { wrapper, router } = await mountMobile(WorkerActivate, '/m/activate?code=K7MP4XQ2')

    expect(wrapper.get('[data-testid="m-activate-code"]').element.value).toBe('K7MP4XQ2')
    await fill(wrapper, {
      'm-activate-id-number': ID_NUMBER,
      'm-activate-password': 'Gongren2026',
      'm-activate-password-again': 'Gongren2026',
    })
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(activateWorker).toHaveBeenCalledWith({ code: 'K7MP4XQ2', idNumber: ID_NUMBER, password: 'Gongren2026' })
    expect(getToken('worker')).toBe('w-1')
    expect(router.currentRoute.value.name).toBe('m-employments')
  })

  it.each([
    ['12345678901', 'digits'],
    ['Short1', 'short'],
    ['Gongren2026', null],
  ])('checks a new password as the gateway does: %s', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem)
  })

  it('says when the code is wrong or expired', async () => {
    activateWorker.mockRejectedValue(new ApiError({
      status: 422, code: 'INVALID_ACTIVATION_CODE', message: '激活码无效或已过期，请向用人单位重新获取',
    }))
    const { wrapper } = await mountMobile(WorkerActivate, '/m/activate')
    await fill(wrapper, {
      'm-activate-code': 'AAAAAAAA',
      'm-activate-id-number': ID_NUMBER,
      'm-activate-password': 'Gongren2026',
      'm-activate-password-again': 'Gongren2026',
    })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="m-activate-error"]').text()).toContain('激活码无效或已过期')
  })
})
