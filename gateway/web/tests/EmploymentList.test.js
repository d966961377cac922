import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import EmploymentList from '@/views/employment/EmploymentList.vue'
import {
  approveResignation,
  dismissEmployee,
  listEmployments,
  refuseResignation,
  renewActivation,
  requestEmployment,
  withdrawEmployment,
} from '@/api/employments'
import { getReference } from '@/api/reference'
import { getPersonAttendance } from '@/api/attendance'
import { ApiError } from '@/api/request'
import { EMPLOYMENT_REFERENCE } from './fixtures/employmentReference'
import { chooseOption, formErrorsShown, itemError, mountView } from './mountView'

vi.mock('@/api/employments', () => ({
  listEmployments: vi.fn(),
  requestEmployment: vi.fn(),
  renewActivation: vi.fn(),
  withdrawEmployment: vi.fn(),
  approveResignation: vi.fn(),
  refuseResignation: vi.fn(),
  dismissEmployee: vi.fn(),
  transferOut: vi.fn(),
}))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))
vi.mock('@/api/attendance', () => ({ getPersonAttendance: vi.fn() }))

const ID_NUMBER = '110101199001011237'
// A QR code as the server draws it; the page must never put its markup into the document.
const QR_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><script>window.owned = 1</script><rect width="4" height="4"/></svg>'
const ACTIVATION = {
  code: 'K7P2-9QX4',
  expires_at: '2026-12-07T10:00:00+00:00',
  activation_url: 'https://portal.example/m/activate?code=K7P2-9QX4',
  qr_svg: QR_SVG,
}

function relation(id, overrides = {}) {
  return {
    id,
    enterprise_id: 3,
    enterprise_name: '示例劳务有限公司',
    person_id: 100 + id,
    person_name: `测试工人${id}`,
    id_type: '01',
    id_number_masked: '1101**********1237',
    role: 'worker',
    state: 'pending',
    requested_at: '2026-11-02T01:00:00+00:00',
    confirmed_at: null,
    ended_at: null,
    end_reason: null,
    reason: null,
    actions: [],
    ...overrides,
  }
}

const ROWS = [
  relation(1, { state: 'pending', actions: ['withdraw'] }),
  relation(2, {
    state: 'resignation_requested',
    confirmed_at: '2026-11-03T01:00:00+00:00',
    reason: '回老家',
    actions: ['approve_resignation', 'refuse_resignation'],
  }),
  relation(3, { role: 'manager', state: 'employed', actions: ['dismiss', 'transfer_out'] }),
  relation(4, { state: 'ended', ended_at: '2026-11-20T01:00:00+00:00', end_reason: 'dismissed', actions: [] }),
]

const rowsOf = (wrapper) => wrapper.findAll('[data-testid="employments-table"] .el-table__body-wrapper tbody tr')
const buttonsOf = (row) => row.findAll('button').map((button) => button.text())
const body = () => document.body

async function openNew(wrapper) {
  await wrapper.get('[data-testid="employments-new"]').trigger('click')
  await flushPromises()
}

async function fillNew(wrapper, { name = '测试工人甲', idNumber = ID_NUMBER } = {}) {
  await wrapper.get('[data-testid="employment-name"]').setValue(name)
  await wrapper.get('[data-testid="employment-id-number"]').setValue(idNumber)
  await wrapper.get('[data-testid="employment-submit"]').trigger('click')
  await flushPromises()
}

describe('EmploymentList (聘用管理)', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(EMPLOYMENT_REFERENCE)
    listEmployments.mockResolvedValue({ items: ROWS, total: 4, page: 1, page_size: 20 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('lists the relations with their state words, dates and how they ended', async () => {
    const { wrapper } = await mountView(EmploymentList)

    expect(listEmployments).toHaveBeenCalledWith({ page: 1, page_size: 20 })
    const rows = rowsOf(wrapper)
    expect(rows).toHaveLength(4)
    expect(rows[0].text()).toContain('测试工人1')
    expect(rows[0].text()).toContain('1101**********1237')
    expect(rows[0].text()).toContain('待确认')
    expect(rows[0].text()).toContain('建筑工人')
    expect(rows[1].text()).toContain('离职申请中')
    expect(rows[1].text()).toContain('回老家')
    expect(rows[2].text()).toContain('管理员')
    expect(rows[3].text()).toContain('离职')
    expect(rows[3].text()).toContain('解聘')
    expect(wrapper.text()).not.toContain(ID_NUMBER)
  })

  it('offers each row the actions the server names, and 重新生成激活码 while pending', async () => {
    const { wrapper } = await mountView(EmploymentList)
    const rows = rowsOf(wrapper)

    expect(buttonsOf(rows[0])).toEqual(['撤回', '重新生成激活码'])
    expect(buttonsOf(rows[1])).toEqual(['同意离职', '不同意离职', '考勤'])
    expect(buttonsOf(rows[2])).toEqual(['解聘', '离职迁出'])
    expect(buttonsOf(rows[3])).toEqual([])
  })

  it('考勤 opens an employee\'s calendar of the month, every project, the days worked', async () => {
    getPersonAttendance.mockResolvedValue({
      person_id: 102, name: '测试工人2', month: '2026-11', days_worked: 1,
      by_project: [{ project_id: 3, project_name: '测试项目三', days_worked: 1 }],
      days: [{ day: '2026-11-04', first_in: '2026-11-04T07:50:00+08:00', last_out: '2026-11-04T17:20:00+08:00',
        projects: [] }],
    })
    const { wrapper } = await mountView(EmploymentList)

    await rowsOf(wrapper)[1].get('[data-testid="employment-attendance"]').trigger('click')
    await flushPromises()

    expect(getPersonAttendance).toHaveBeenCalledWith(102, expect.stringMatching(/^\d{4}-\d{2}$/), null)
    const dialog = body().querySelector('[data-testid="person-calendar-dialog"]')
    expect(dialog.textContent).toContain('测试工人2')
    expect(dialog.querySelector('[data-testid="calendar-days-worked"]').textContent).toBe('1')
    expect(dialog.querySelector('[data-testid="calendar-day-2026-11-04"]').textContent).toContain('07:50')
  })

  it('searches by 姓名, 证件号, 角色 and 状态 from page 1', async () => {
    const { wrapper } = await mountView(EmploymentList)

    await wrapper.get('[data-testid="employments-filter-name"]').setValue(' 测试 ')
    await wrapper.get('[data-testid="employments-filter-id-number"]').setValue('1237')
    await chooseOption(wrapper, 'employments-filter-role', '管理员')
    await chooseOption(wrapper, 'employments-filter-state', '解聘待确认')
    await wrapper.get('[data-testid="employments-search"]').trigger('click')
    await flushPromises()

    expect(listEmployments).toHaveBeenLastCalledWith({
      name: '测试',
      id_number: '1237',
      role: 'manager',
      state: 'dismissal_requested',
      page: 1,
      page_size: 20,
    })
  })

  it('新建聘用关系 sends name, document and role, then shows the activation slip with the QR as an image', async () => {
    requestEmployment.mockResolvedValue({ ...relation(9, { person_name: '测试工人甲' }), activation: ACTIVATION })
    const { wrapper } = await mountView(EmploymentList)
    await openNew(wrapper)

    await fillNew(wrapper)

    expect(requestEmployment).toHaveBeenCalledWith(
      { name: '测试工人甲', id_type: '01', id_number: ID_NUMBER, role: 'worker' },
      { idempotencyKey: expect.any(String) },
    )
    const slip = wrapper.get('[data-testid="activation-slip"]')
    expect(slip.get('[data-testid="activation-name"]').text()).toBe('测试工人甲')
    expect(slip.get('[data-testid="activation-code"]').text()).toBe('K7P2-9QX4')
    expect(slip.get('[data-testid="activation-expires"]').text()).toMatch(/^2026-12-0[67] \d\d:\d\d$/)
    const qr = slip.get('[data-testid="activation-qr"]')
    expect(qr.element.tagName).toBe('IMG')
    expect(qr.attributes('src')).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(new TextDecoder().decode(Uint8Array.from(atob(qr.attributes('src').split(',')[1]), (c) => c.charCodeAt(0)))).toBe(QR_SVG)
    expect(body().querySelector('svg script')).toBeNull()
    expect(body().innerHTML).not.toContain('window.owned')
    expect(listEmployments).toHaveBeenCalledTimes(2)
  })

  it('打印 prints the slip alone', async () => {
    requestEmployment.mockResolvedValue({ ...relation(9), activation: ACTIVATION })
    let printedAlone = false
    const print = vi.fn(() => {
      printedAlone = document.body.classList.contains('printing-activation-slip')
    })
    vi.stubGlobal('print', print)
    const { wrapper } = await mountView(EmploymentList)
    await openNew(wrapper)
    await fillNew(wrapper)

    await wrapper.get('[data-testid="activation-print"]').trigger('click')

    expect(print).toHaveBeenCalledTimes(1)
    expect(printedAlone).toBe(true)
    window.dispatchEvent(new Event('afterprint'))
    expect(document.body.classList.contains('printing-activation-slip')).toBe(false)
    vi.unstubAllGlobals()
  })

  it('says the account is already active when the answer has no activation', async () => {
    requestEmployment.mockResolvedValue({ ...relation(9, { person_name: '测试工人甲' }), activation: null })
    const { wrapper } = await mountView(EmploymentList)
    await openNew(wrapper)

    await fillNew(wrapper)

    expect(wrapper.find('[data-testid="activation-slip"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="employment-saved"]').text()).toContain('测试工人甲')
    expect(wrapper.get('[data-testid="employment-dialog"]').text()).toContain('已激活')
  })

  it('shows NAME_MISMATCH under 姓名', async () => {
    requestEmployment.mockRejectedValue(
      new ApiError({ status: 422, code: 'NAME_MISMATCH', message: '姓名与实名信息不一致', fields: { name: '姓名与实名信息不一致' } }),
    )
    const { wrapper } = await mountView(EmploymentList)
    await openNew(wrapper)
    await fillNew(wrapper, { name: '测试工人乙' })
    await formErrorsShown()

    expect(itemError(wrapper, 'employment-name')).toBe('姓名与实名信息不一致')
    expect(itemError(wrapper, 'employment-id-number')).toBe('')
  })

  it('shows PERSON_NOT_REGISTERED under 证件号 with a way to 实名登记, even without fields', async () => {
    requestEmployment.mockRejectedValue(
      new ApiError({ status: 404, code: 'PERSON_NOT_REGISTERED', message: '该人员尚未实名登记，请先进行实名登记' }),
    )
    const { wrapper, router } = await mountView(EmploymentList)
    await openNew(wrapper)
    await fillNew(wrapper)
    await formErrorsShown()

    expect(itemError(wrapper, 'employment-id-number')).toBe('该人员尚未实名登记，请先进行实名登记')
    const link = wrapper.get('[data-testid="employment-register-link"]')
    expect(link.attributes('href')).toBe(router.resolve({ name: 'person-register' }).href)
  })

  it.each([
    ['EMPLOYED_ELSEWHERE', '请该人员先在原单位申请离职'],
    ['MANAGER_REGISTERED_ELSEWHERE', '离职迁出'],
  ])('names the other employer and the advice for %s', async (code, advice) => {
    requestEmployment.mockRejectedValue(
      new ApiError({
        status: 409,
        code,
        message: '该人员在示例建设有限公司未离职',
        body: { error: code, message: '该人员在示例建设有限公司未离职', employer_name: '示例建设有限公司' },
      }),
    )
    const { wrapper } = await mountView(EmploymentList)
    await openNew(wrapper)
    await fillNew(wrapper)

    const alert = wrapper.get('[data-testid="employment-elsewhere"]')
    expect(alert.text()).toContain('该人员在示例建设有限公司未离职')
    expect(alert.text()).toContain('目前所在单位：示例建设有限公司')
    expect(alert.text()).toContain(advice)
    expect(wrapper.find('[data-testid="activation-slip"]').exists()).toBe(false)
  })

  it('asks for 姓名 and 证件号 before sending', async () => {
    const { wrapper } = await mountView(EmploymentList)
    await openNew(wrapper)

    await fillNew(wrapper, { name: ' ', idNumber: '' })
    await formErrorsShown()

    expect(requestEmployment).not.toHaveBeenCalled()
    expect(itemError(wrapper, 'employment-name')).toBe('请输入姓名')
    expect(itemError(wrapper, 'employment-id-number')).toBe('请输入证件号')
  })

  it('撤回 asks first, then shows the relation as the server answers it', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    withdrawEmployment.mockResolvedValue(relation(1, { state: 'withdrawn', actions: [] }))
    const { wrapper } = await mountView(EmploymentList)

    await wrapper.get('[data-testid="employment-withdraw"]').trigger('click')
    await flushPromises()

    expect(ElMessageBox.confirm).toHaveBeenCalled()
    expect(withdrawEmployment).toHaveBeenCalledWith(1, { idempotencyKey: expect.any(String) })
    expect(rowsOf(wrapper)[0].text()).toContain('已撤回')
    expect(buttonsOf(rowsOf(wrapper)[0])).toEqual([])
  })

  it('同意离职 is not sent when the confirmation is cancelled', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel')
    const { wrapper } = await mountView(EmploymentList)

    await wrapper.get('[data-testid="employment-approve_resignation"]').trigger('click')
    await flushPromises()

    expect(approveResignation).not.toHaveBeenCalled()
  })

  it('不同意离职 needs a reason and sends it', async () => {
    refuseResignation.mockResolvedValue(relation(2, { state: 'employed', actions: ['dismiss'] }))
    const { wrapper } = await mountView(EmploymentList)
    await wrapper.get('[data-testid="employment-refuse_resignation"]').trigger('click')
    await flushPromises()

    await wrapper.get('[data-testid="reason-submit"]').trigger('click')
    await flushPromises()
    await formErrorsShown()
    expect(refuseResignation).not.toHaveBeenCalled()
    expect(itemError(wrapper, 'reason-input')).toBe('请输入原因')

    await wrapper.get('[data-testid="reason-input"]').setValue('工程未完工')
    await wrapper.get('[data-testid="reason-submit"]').trigger('click')
    await flushPromises()

    expect(refuseResignation).toHaveBeenCalledWith(2, '工程未完工', { idempotencyKey: expect.any(String) })
    expect(wrapper.find('[data-testid="reason-dialog"]').exists()).toBe(false)
    expect(rowsOf(wrapper)[1].text()).toContain('在职')
  })

  it('解聘 takes a reason and a confirmation; a manager on site is refused with the projects named', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    dismissEmployee.mockRejectedValue(
      new ApiError({
        status: 409,
        code: 'MANAGER_STILL_ON_SITE',
        message: '管理员需先在工地端完成退场才能解聘',
        body: { error: 'MANAGER_STILL_ON_SITE', projects: [{ project_id: 5, project_name: '测试项目三' }] },
      }),
    )
    const { wrapper } = await mountView(EmploymentList)
    await wrapper.get('[data-testid="employment-dismiss"]').trigger('click')
    await flushPromises()

    await wrapper.get('[data-testid="reason-input"]').setValue('合同到期')
    await wrapper.get('[data-testid="reason-submit"]').trigger('click')
    await flushPromises()

    expect(ElMessageBox.confirm).toHaveBeenCalledWith(expect.stringContaining('测试工人3'), '解聘', expect.anything())
    expect(dismissEmployee).toHaveBeenCalledWith(3, '合同到期', { idempotencyKey: expect.any(String) })
    const dialog = wrapper.get('[data-testid="reason-dialog"]')
    expect(dialog.text()).toContain('管理员需先在工地端完成退场才能解聘')
    expect(dialog.get('[data-testid="reason-projects"]').text()).toContain('测试项目三')
  })

  it('重新生成激活码 shows a fresh slip for a pending relation', async () => {
    renewActivation.mockResolvedValue({ ...ROWS[0], activation: { ...ACTIVATION, code: 'N3W0-C0DE' } })
    const { wrapper } = await mountView(EmploymentList)

    await wrapper.get('[data-testid="employment-activation"]').trigger('click')
    await flushPromises()

    expect(renewActivation).toHaveBeenCalledWith(1, { idempotencyKey: expect.any(String) })
    const dialog = wrapper.get('[data-testid="activation-dialog"]')
    expect(dialog.get('[data-testid="activation-code"]').text()).toBe('N3W0-C0DE')
    expect(dialog.get('[data-testid="activation-name"]').text()).toBe('测试工人1')
  })
})
