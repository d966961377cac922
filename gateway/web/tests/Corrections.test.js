import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import CorrectionList from '@/views/attendance/CorrectionList.vue'
import CorrectionDialog from '@/views/attendance/CorrectionDialog.vue'
import { applyCorrection, decideCorrection, listCorrections } from '@/api/attendanceWarnings'
import { listFaces } from '@/api/attendance'
import { session } from '@/store/session'
import { ElMessageBox } from 'element-plus'
import { chooseOption, mountView } from './mountView'

vi.mock('@/api/attendanceWarnings', () => ({
  applyCorrection: vi.fn(), decideCorrection: vi.fn(), listCorrections: vi.fn(),
}))
vi.mock('@/api/attendance', () => ({ listFaces: vi.fn() }))

const PENDING = [
  { id: 5, project_id: 3, person_id: 7, name: '补卡工人甲', occurred_at: '2026-11-30T07:40:00+08:00', day: '2026-11-30',
    direction: '01', reason: '人脸机故障', applicant: 'site_3_other', status: 'pending', decided_by: null,
    decision_reason: null, record_id: null },
  { id: 4, project_id: 3, person_id: 8, name: '补卡工人乙', occurred_at: '2026-11-29T17:40:00+08:00', day: '2026-11-29',
    direction: '02', reason: '忘记打卡', applicant: 'site_3', status: 'pending', decided_by: null,
    decision_reason: null, record_id: null },
]

describe('补卡审批 (CorrectionList)', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    listCorrections.mockResolvedValue({ items: PENDING, total: 2 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it("lists the pending applications; only another user's can be approved or rejected here", async () => {
    const { wrapper } = await mountView(CorrectionList)

    expect(listCorrections).toHaveBeenCalledWith(3, { status: 'pending', page: 1, page_size: 20 })
    expect(wrapper.get('[data-testid="correction-status-5"]').text()).toBe('待审批')
    expect(wrapper.text()).toContain('人脸机故障')
    expect(wrapper.find('[data-testid="correction-approve-5"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="correction-approve-4"]').exists()).toBe(false)
  })

  it('通过 approves and reloads', async () => {
    decideCorrection.mockResolvedValue({ ...PENDING[0], status: 'approved', record_id: 99 })
    const { wrapper } = await mountView(CorrectionList)

    await wrapper.get('[data-testid="correction-approve-5"]').trigger('click')
    await flushPromises()

    expect(decideCorrection).toHaveBeenCalledWith(3, 5, { approve: true, reason: undefined })
    expect(listCorrections).toHaveBeenCalledTimes(2)
  })

  it('驳回 asks why and sends it', async () => {
    vi.spyOn(ElMessageBox, 'prompt').mockResolvedValue({ value: ' 时间不对 ' })
    decideCorrection.mockResolvedValue({ ...PENDING[0], status: 'rejected' })
    const { wrapper } = await mountView(CorrectionList)

    await wrapper.get('[data-testid="correction-reject-5"]').trigger('click')
    await flushPromises()

    expect(decideCorrection).toHaveBeenCalledWith(3, 5, { approve: false, reason: '时间不对' })
  })
})

describe('补卡申请 (CorrectionDialog)', () => {
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('sends the person, day, time, direction and reason, and shows a refusal naming the field', async () => {
    listFaces.mockResolvedValue({ items: [{ person_id: 7, name: '补卡工人甲', team_name: '张队长' }], total: 1 })
    applyCorrection.mockRejectedValueOnce(Object.assign(new Error('输入有误：日期：早于该人员进场日期'), {
      status: 422, code: 'INVALID_INPUT', fields: { day: '早于该人员进场日期' },
    }))
    const { wrapper } = await mountView(CorrectionDialog, { props: { projectId: 3 } })
    const dialog = wrapper.findComponent(CorrectionDialog)
    await chooseOption(wrapper, 'correction-person', '补卡工人甲')
    await wrapper.get('[data-testid="correction-day"] input').setValue('2026-11-30')
    await wrapper.get('[data-testid="correction-time"]').setValue('07:40')
    await wrapper.get('[data-testid="correction-reason"]').setValue(' 人脸机故障 ')

    await wrapper.get('[data-testid="correction-submit"]').trigger('click')
    await flushPromises()

    expect(listFaces).toHaveBeenCalledWith(3, { name: '', page_size: 50 })
    expect(applyCorrection).toHaveBeenCalledWith(3, {
      person_id: 7, day: '2026-11-30', time: '07:40', direction: 'in', reason: '人脸机故障',
    }, expect.anything())
    expect(document.body.textContent).toContain('早于该人员进场日期')
    expect(dialog.emitted('applied')).toBeUndefined()
  })
})
