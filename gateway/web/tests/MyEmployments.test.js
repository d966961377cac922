import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import MyEmployments from '@/views/mobile/MyEmployments.vue'
import MyRecord from '@/views/mobile/MyRecord.vue'
import MobileLayout from '@/views/mobile/MobileLayout.vue'
import {
  agreeDismissal,
  confirmEmployment,
  declineDismissal,
  declineEmployment,
  listMyEmployments,
  requestResignation,
} from '@/api/myEmployments'
import { getMyRecord } from '@/api/workerAccount'
import { getReference } from '@/api/reference'
import { ApiError, getToken, setToken } from '@/api/request'
import { mountMobile } from './mountMobile'
import { REFERENCE } from './mountView'

vi.mock('@/api/myEmployments', () => ({
  listMyEmployments: vi.fn(),
  confirmEmployment: vi.fn(),
  declineEmployment: vi.fn(),
  requestResignation: vi.fn(),
  agreeDismissal: vi.fn(),
  declineDismissal: vi.fn(),
}))
vi.mock('@/api/workerAccount', () => ({ getMyRecord: vi.fn(), loginWorker: vi.fn(), activateWorker: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

/** A relation view as GET /me/employments answers (CONTRACT-8). */
function relation(overrides) {
  return {
    id: 1,
    enterprise_id: 7,
    enterprise_name: '测试劳务七公司',
    person_id: 12,
    person_name: '测试工人',
    id_type: '01',
    id_number_masked: '110*****514',
    role: 'worker',
    state: 'pending',
    requested_at: '2026-11-30T08:00:00+00:00',
    confirmed_at: null,
    ended_at: null,
    end_reason: null,
    reason: null,
    actions: [],
    ...overrides,
  }
}

const PENDING = relation({ id: 3, enterprise_name: '测试劳务八公司', actions: ['confirm', 'decline'] })
const EMPLOYED = relation({
  id: 2, state: 'employed', confirmed_at: '2026-10-01T08:00:00+00:00', actions: ['request_resignation'],
})
const ENDED = relation({
  id: 1, enterprise_name: '旧单位建筑公司', state: 'ended', confirmed_at: '2025-03-01T08:00:00+00:00',
  ended_at: '2026-09-20T08:00:00+00:00', end_reason: 'resigned',
})

const card = (wrapper, id) => wrapper.get(`[data-testid="m-employment-${id}"]`)

async function press(wrapper, testId) {
  await wrapper.get(`[data-testid="${testId}"]`).trigger('click')
  await flushPromises()
}

describe('我的聘用', () => {
  beforeEach(() => {
    listMyEmployments.mockResolvedValue([PENDING, EMPLOYED, ENDED])
  })

  afterEach(() => {
    document.body.innerHTML = ''
    vi.clearAllMocks()
  })

  it('shows pending requests, the current employer and the employers over time', async () => {
    const { wrapper } = await mountMobile(MyEmployments)

    const pending = wrapper.get('[data-testid="m-section-pending"]')
    expect(pending.text()).toContain('待确认的聘用')
    expect(pending.text()).toContain('测试劳务八公司')
    expect(pending.findAll('button').map((b) => b.text())).toEqual(['确认', '拒绝'])
    const current = wrapper.get('[data-testid="m-section-current"]')
    expect(current.text()).toContain('在职')
    expect(current.findAll('button').map((b) => b.text())).toEqual(['申请离职'])
    const history = wrapper.get('[data-testid="m-section-history"]')
    expect(history.text()).toContain('测试劳务七公司')
    expect(history.text()).toContain('至今')
    expect(wrapper.get('[data-testid="m-history-1"]').text()).toMatch(/旧单位建筑公司.*2025-03-01 ～\s*2026-09-20.*本人离职/s)
  })

  it('confirms a request at once and reloads', async () => {
    confirmEmployment.mockResolvedValue(relation({ id: 3, state: 'employed' }))
    const { wrapper } = await mountMobile(MyEmployments)

    await card(wrapper, 3).get('[data-testid="m-action-confirm"]').trigger('click')
    await flushPromises()

    expect(confirmEmployment).toHaveBeenCalledWith(3)
    expect(listMyEmployments).toHaveBeenCalledTimes(2)
  })

  it('declines with an optional reason', async () => {
    declineEmployment.mockResolvedValue(relation({ id: 3, state: 'declined' }))
    const { wrapper } = await mountMobile(MyEmployments)

    await card(wrapper, 3).get('[data-testid="m-action-decline"]').trigger('click')
    await flushPromises()
    expect(card(wrapper, 3).text()).toContain('拒绝该单位的聘用？')
    await press(wrapper, 'm-action-submit')

    expect(declineEmployment).toHaveBeenCalledWith(3, undefined)
  })

  it('asks for a reason before sending a resignation', async () => {
    requestResignation.mockResolvedValue(relation({ id: 2, state: 'resignation_requested' }))
    const { wrapper } = await mountMobile(MyEmployments)

    await press(wrapper, 'm-action-request_resignation')
    await press(wrapper, 'm-action-submit')
    expect(wrapper.get('[data-testid="m-action-problem"]').text()).toBe('请填写原因')
    expect(requestResignation).not.toHaveBeenCalled()

    await wrapper.get('[data-testid="m-action-reason"]').setValue('  回老家务农  ')
    await press(wrapper, 'm-action-submit')
    expect(requestResignation).toHaveBeenCalledWith(2, '回老家务农')
  })

  it('answers a dismissal: agree after a warning, or disagree with a reason', async () => {
    listMyEmployments.mockResolvedValue([relation({
      id: 2, state: 'dismissal_requested', confirmed_at: '2026-10-01T08:00:00+00:00', reason: '工程结束',
      actions: ['agree_dismissal', 'decline_dismissal'],
    })])
    agreeDismissal.mockResolvedValue({})
    declineDismissal.mockResolvedValue({})
    const { wrapper } = await mountMobile(MyEmployments)

    expect(wrapper.get('[data-testid="m-employment-reason"]').text()).toBe('解聘原因：工程结束')
    expect(wrapper.get('[data-testid="m-employment-state"]').text()).toBe('解聘待确认')
    await press(wrapper, 'm-action-agree_dismissal')
    expect(wrapper.text()).toContain('同意后将与该单位解除聘用关系，不能撤销。')
    expect(wrapper.find('[data-testid="m-action-reason"]').exists()).toBe(false)
    await press(wrapper, 'm-action-cancel')
    expect(agreeDismissal).not.toHaveBeenCalled()

    await press(wrapper, 'm-action-decline_dismissal')
    await wrapper.get('[data-testid="m-action-reason"]').setValue('工程未结束')
    await press(wrapper, 'm-action-submit')
    expect(declineDismissal).toHaveBeenCalledWith(2, '工程未结束')

    await press(wrapper, 'm-action-agree_dismissal')
    await press(wrapper, 'm-action-submit')
    expect(agreeDismissal).toHaveBeenCalledWith(2)
  })

  it('shows buttons for the actions the gateway offers only', async () => {
    listMyEmployments.mockResolvedValue([relation({ id: 3, actions: ['confirm', 'withdraw'] })])
    const { wrapper } = await mountMobile(MyEmployments)
    expect(card(wrapper, 3).findAll('button').map((b) => b.text())).toEqual(['确认'])
  })

  it('shows why an action was refused', async () => {
    confirmEmployment.mockRejectedValue(new ApiError({
      status: 409, code: 'EMPLOYED_ELSEWHERE', message: '该人员已在测试劳务七公司在职，请先在原单位申请离职',
    }))
    const { wrapper } = await mountMobile(MyEmployments)
    await press(wrapper, 'm-action-confirm')
    expect(wrapper.get('[data-testid="m-employments-error"]').text()).toContain('请先在原单位申请离职')
  })

  it('says when there is no employment yet', async () => {
    listMyEmployments.mockResolvedValue([])
    const { wrapper } = await mountMobile(MyEmployments)
    expect(wrapper.get('[data-testid="m-employments-empty"]').text()).toContain('暂无聘用信息')
  })
})

describe('我的信息 and the navigation', () => {
  afterEach(() => {
    localStorage.clear()
    document.body.innerHTML = ''
    vi.clearAllMocks()
  })

  it('shows the worker’s own record with masked numbers and named codes', async () => {
    getReference.mockResolvedValue(REFERENCE)
    getMyRecord.mockResolvedValue({
      id: 12, name: '测试工人', gender: '1', ethnicity: '01', id_type: '01', id_number_masked: '110*****514',
      birth_date: '1990-03-07', phone_masked: '139****5204', address: '北京市东城区测试路1号',
      issuing_authority: null, valid_from: null, valid_until: null, verification_state: 'unverified',
    })
    const { wrapper } = await mountMobile(MyRecord, '/m/me')

    const record = wrapper.get('[data-testid="m-record"]')
    expect(record.text()).toContain('测试工人')
    expect(record.text()).toContain('男')
    expect(record.text()).toContain('汉族')
    expect(record.text()).toContain('未核验')
    expect(wrapper.get('[data-testid="m-record-id-number"]').text()).toBe('110*****514')
    expect(wrapper.get('[data-testid="m-record-phone"]').text()).toBe('139****5204')
  })

  it('has a bottom navigation to 我的聘用 and 我的信息, and logs the worker out alone', async () => {
    setToken('staff-1', 'staff')
    setToken('w-1', 'worker')
    const { wrapper, router } = await mountMobile(MobileLayout, '/m')

    const tabs = wrapper.get('[data-testid="m-tabbar"]')
    expect(tabs.findAll('a').map((a) => a.text())).toEqual(['我的聘用', '我的信息', '建设码', '我的考勤'])
    await wrapper.get('[data-testid="m-tab-m-me"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('m-me')

    await press(wrapper, 'm-logout')
    expect(getToken('worker')).toBeNull()
    expect(getToken('staff')).toBe('staff-1')
    expect(router.currentRoute.value.name).toBe('m-login')
  })
})
