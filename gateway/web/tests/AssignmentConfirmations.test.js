import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AssignmentConfirmations from '@/views/assignments/AssignmentConfirmations.vue'
import { assignmentOf, pickedPerson, refusedByPerson } from '@/views/assignments/assignmentWords'
import { decideAssignments, listConfirmations } from '@/api/assignments'
import { getReference } from '@/api/reference'
import { session } from '@/store/session'
import { EMPLOYMENT_REFERENCE } from './fixtures/employmentReference'
import { mountView } from './mountView'

vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))
vi.mock('@/api/assignments', () => ({ listConfirmations: vi.fn(), decideAssignments: vi.fn() }))

const TRADE = EMPLOYMENT_REFERENCE.trades.find((row) => !row.legacy)
const WAITING = [
  { id: 4, enterprise_name: '申江建筑劳务', person_name: '郝长青', id_number_masked: '410*****386', gender: '1', trade: TRADE.code, team_name: '郝长青班组', phone_masked: '137****5816', assigned_at: '2026-10-12T08:00:00+00:00', lodging_on_site: true, role: 'worker', state: 'pending' },
  { id: 5, enterprise_name: '申江建筑劳务', person_name: '谭书远', id_number_masked: '320*****47x', gender: '2', trade: TRADE.code, team_name: '砌筑二班组', phone_masked: '186****0892', assigned_at: '2026-03-17T08:00:00+00:00', lodging_on_site: false, role: 'worker', state: 'pending' },
]

const rowsOf = (wrapper, testId) => wrapper.findAll(`[data-testid="${testId}"] .el-table__body-wrapper tbody tr`)

describe('AssignmentConfirmations (进场人员确认)', () => {
  beforeEach(() => {
    session.account = { username: 'xc_specialty', role: 'site', scope_name: '滨江' }
    getReference.mockResolvedValue(EMPLOYMENT_REFERENCE)
    listConfirmations.mockImplementation(({ processed }) =>
      Promise.resolve(processed ? { items: [], total: 0 } : { items: WAITING, total: 2 }),
    )
    decideAssignments.mockResolvedValue({ decided: 2, items: [] })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('shows 所属单位, 姓名, 身份证号, 性别, 工种, 班组, 联系电话, 分配日期 and 是否住宿在工地', async () => {
    const { wrapper } = await mountView(AssignmentConfirmations)
    const rows = rowsOf(wrapper, 'confirmations-table')
    expect(rows).toHaveLength(2)
    for (const words of ['申江建筑劳务', '郝长青', '410*****386', '男', TRADE.name, '郝长青班组', '137****5816', '2026-10-12', '是']) {
      expect(rows[0].text()).toContain(words)
    }
    expect(rows[1].text()).toContain('女')
    expect(rows[1].text()).toContain('否')
  })

  it('批量接收 confirms every ticked person in one request', async () => {
    const { wrapper } = await mountView(AssignmentConfirmations)
    for (const box of wrapper.findAll('[data-testid="confirmations-table"] .el-table__body-wrapper .el-checkbox')) {
      await box.trigger('click')
    }
    await flushPromises()
    await wrapper.get('[data-testid="confirmations-batch"]').trigger('click')
    await flushPromises()
    expect(decideAssignments).toHaveBeenCalledWith([4, 5], 'confirm', null, expect.objectContaining({}))
  })

  it('searches by 姓名, 身份证号 and 单位名称', async () => {
    const { wrapper } = await mountView(AssignmentConfirmations)
    await wrapper.get('[data-testid="confirmations-name"]').setValue('郝')
    await wrapper.get('[data-testid="confirmations-enterprise"]').setValue('申江')
    await wrapper.get('[data-testid="confirmations-search"]').trigger('submit')
    await flushPromises()
    expect(listConfirmations).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: '郝', enterprise_name: '申江', processed: false, page: 1 }),
    )
  })
})

describe('the people picked for assignment', () => {
  it('start as 建筑工人 not lodging on site, and a worker is sent without a position', () => {
    const person = pickedPerson({ person_id: 12, person_name: '郝长青' })
    expect(person).toMatchObject({ role: 'worker', position: null, lodging_on_site: false })
    expect(assignmentOf({ ...person, position: 'safety_officer' })).toEqual({
      person_id: 12, role: 'worker', position: null, lodging_on_site: false,
    })
    expect(assignmentOf({ ...person, role: 'manager', position: 'safety_officer' }).position).toBe('safety_officer')
  })

  it('a refusal names the refused people by their place in the request', () => {
    const people = [{ person_id: 12 }, { person_id: 40 }]
    expect(refusedByPerson({ 'people.1.person_id': '不是本单位在职人员' }, people)).toEqual({ 40: '不是本单位在职人员' })
  })
})
