import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import SelfRegistrationList from '@/views/bindings/SelfRegistrationList.vue'
import { completeSelfRegistration, listSelfRegistrations } from '@/api/bindings'
import { ApiError } from '@/api/request'
import { session } from '@/store/session'
import { mountView } from './mountView'

vi.mock('@/api/bindings', () => ({ listSelfRegistrations: vi.fn(), completeSelfRegistration: vi.fn() }))

const PROJECT = { id: 3, registration_number: '2103HK0001', name: '江川路小区成套改造' }
const row = (id, name, state, enterpriseId = 7) => ({
  id, project_id: 3, enterprise_id: enterpriseId, enterprise_name: '申江劳务', person_name: name,
  id_number_masked: '310*****123', birth_date: '1985-03-02', gender: '1', ethnicity: '汉族', native_place: '安徽省',
  phone_masked: '139****0204', address: '上海市虹口区', address_detail: '东长治路1号', person_kind: 'worker',
  trade: '木工', household_type: 'rural', household_place: '安徽省', submissions: 1,
  submitted_at: '2026-03-02T08:00:00+00:00', state, handled_at: null, handled_by: null, person_id: null,
  employment_id: null,
})
const HANDLED = {
  registration: { ...row(1, '扫码甲', 'handled'), person_id: 41, employment_id: 12 }, person_id: 41,
  person_registered: true, outcome: 'employment_requested',
  employment: {
    id: 12, state: 'pending', person_name: '扫码甲', person_id: 41,
    activation: { code: 'K7M2QX', expires_at: '2026-03-09T08:00:00+00:00', activation_url: 'http://x/m/a', qr_svg: '<svg/>' },
  },
}
const dialog = () => document.querySelector('[data-testid="self-registration-handle"]')

describe('自助登记人员 办理', () => {
  beforeEach(() => {
    session.account = { username: 'qy_labour', role: 'enterprise', enterprise_id: 7, scope_name: '申江劳务' }
    listSelfRegistrations.mockResolvedValue({
      items: [row(1, '扫码甲', 'pending'), row(2, '扫码乙', 'handled'), row(3, '扫码丙', 'pending', 8)], total: 3,
    })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('shows 待办理 / 已办理, filters by them and offers 办理 on its own unit’s 待办理 rows only', async () => {
    const { wrapper } = await mountView(SelfRegistrationList, { props: { project: PROJECT } })
    expect(document.querySelector('[data-testid="self-registration-state-1"]').textContent).toContain('待办理')
    expect(document.querySelector('[data-testid="self-registration-state-2"]').textContent).toContain('已办理')
    expect(document.querySelector('[data-testid="self-registration-handle-1"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="self-registration-handle-2"]')).toBeNull()
    expect(document.querySelector('[data-testid="self-registration-handle-3"]')).toBeNull()
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'handled')
    document.querySelector('[data-testid="self-registrations"] form').dispatchEvent(new Event('submit'))
    await flushPromises()
    expect(listSelfRegistrations).toHaveBeenLastCalledWith(expect.objectContaining({ project_id: 3, state: 'handled' }))
  })

  it('handles a row: the masked data and what happens, then the activation slip and the next steps', async () => {
    completeSelfRegistration.mockResolvedValue(HANDLED)
    await mountView(SelfRegistrationList, { props: { project: PROJECT } })
    document.querySelector('[data-testid="self-registration-handle-1"]').click()
    await flushPromises()
    expect(dialog().textContent).toContain('310*****123')
    expect(dialog().textContent).toContain('139****0204')
    expect(dialog().textContent).toContain('发起聘用关系')
    document.querySelector('[data-testid="self-registration-confirm"]').click()
    await flushPromises()
    expect(completeSelfRegistration).toHaveBeenCalledWith(3, 1, expect.objectContaining({ idempotencyKey: expect.any(String) }))
    expect(document.querySelector('[data-testid="activation-code"]').textContent).toContain('K7M2QX')
    expect(document.querySelector('[data-testid="self-registration-next"]').textContent).toContain('人员分配')
    expect(listSelfRegistrations).toHaveBeenCalledTimes(2)
  })

  it('shows a refusal with its message, and that the person has a record now', async () => {
    completeSelfRegistration.mockRejectedValue(new ApiError({
      status: 409, code: 'EMPLOYED_ELSEWHERE', message: '该人员在申城劳务尚未离职',
      body: { error: 'EMPLOYED_ELSEWHERE', message: '该人员在申城劳务尚未离职', person_registered: true },
    }))
    await mountView(SelfRegistrationList, { props: { project: PROJECT } })
    document.querySelector('[data-testid="self-registration-handle-1"]').click()
    await flushPromises()
    document.querySelector('[data-testid="self-registration-confirm"]').click()
    await flushPromises()
    const refused = document.querySelector('[data-testid="self-registration-refused"]').textContent
    expect(refused).toContain('该人员在申城劳务尚未离职')
    expect(refused).toContain('实名信息已登记')
    expect(document.querySelector('[data-testid="activation-slip"]')).toBeNull()
  })
})
