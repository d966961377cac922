import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import EntryList from '@/views/site/EntryList.vue'
import { cardsOf, getPersonAttendance, issueCard, withdrawCard } from '@/api/attendance'
import { listEntries } from '@/api/entries'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { session } from '@/store/session'
import { formErrorsShown, mountView, offered, REFERENCE } from './mountView'

vi.mock('@/api/attendance', () => ({
  cardsOf: vi.fn(), issueCard: vi.fn(), withdrawCard: vi.fn(), getPersonAttendance: vi.fn(),
}))
vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn(() => Promise.resolve({ items: [], total: 0 })) }))
vi.mock('@/api/entries', () => ({
  listEmployerTeamLeaders: vi.fn(() => Promise.resolve([])),
  lookupEntrant: vi.fn(),
  listEntries: vi.fn(),
  listTeamLeaders: vi.fn(() => Promise.resolve([])),
  updateEntry: vi.fn(),
  getEntryHistory: vi.fn(),
  registerEntry: vi.fn(),
  registerUnregisteredEntry: vi.fn(),
}))
vi.mock('@/api/persons', () => ({ lookupPerson: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

function entry(id, personId, name) {
  return {
    id, person_id: personId, name, employer_id: 3, employer_name: '示例劳务有限公司', is_team_leader: false,
    team_leader_entry_id: null, team_leader_name: '钢筋一班', id_number_masked: '110*****237', gender: '1',
    phone_masked: null, trade: offered('trades').code, education: offered('education_levels').code,
    entry_date: '2026-11-02', exit_date: null,
  }
}

const rowOf = (wrapper, name) => wrapper.findAll('[data-testid="entries-table"] tbody tr').find((tr) => tr.text().includes(name))
const click = async (element) => {
  await element.trigger('click')
  await flushPromises()
}

describe('施工人员: 发卡 / 收卡 (manual 003 §6.1)', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    getReference.mockResolvedValue(REFERENCE)
    listEntries.mockResolvedValue({ items: [entry(71, 7, '测试工人乙'), entry(81, 8, '测试工人甲')], total: 2 })
    cardsOf.mockResolvedValue({ 7: '0012345678' })
  })
  afterEach(() => {
    vi.clearAllMocks()
    vi.restoreAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('shows each person’s card number in 一卡通', async () => {
    const { wrapper } = await mountView(EntryList)

    expect(cardsOf).toHaveBeenCalledWith(3, [7, 8])
    expect(wrapper.get('[data-testid="entries-table"]').text()).toContain('一卡通')
    expect(wrapper.get('[data-testid="entry-card-7"]').text()).toBe('0012345678')
    expect(wrapper.get('[data-testid="entry-card-8"]').text()).toBe('')
    expect(rowOf(wrapper, '测试工人乙').find('[data-testid="entry-card-withdraw"]').exists()).toBe(true)
    expect(rowOf(wrapper, '测试工人甲').find('[data-testid="entry-card-withdraw"]').exists()).toBe(false)
  })

  it('发卡 saves the number typed and shows it in the row', async () => {
    issueCard.mockResolvedValue({ person_id: 8, card_number: '0087654321' })
    const { wrapper } = await mountView(EntryList)

    await click(rowOf(wrapper, '测试工人甲').get('[data-testid="entry-card-issue"]'))
    expect(wrapper.get('[data-testid="card-dialog"]').text()).toContain('测试工人甲')
    await click(wrapper.get('[data-testid="card-save"]'))
    await formErrorsShown()
    expect(issueCard).not.toHaveBeenCalled()
    expect(wrapper.get('[data-testid="card-dialog"]').text()).toContain('请填写考勤卡号')

    await wrapper.get('[data-testid="card-number"]').setValue(' 0087654321 ')
    await click(wrapper.get('[data-testid="card-save"]'))

    expect(issueCard).toHaveBeenCalledWith(3, 8, '0087654321')
    expect(wrapper.find('[data-testid="card-dialog"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="entry-card-8"]').text()).toBe('0087654321')
  })

  it('发卡 shows why a number was refused', async () => {
    issueCard.mockRejectedValue(new ApiError({
      status: 409, code: 'CARD_NUMBER_TAKEN', message: '该考勤卡号已发给本项目其他人员', fields: {},
    }))
    const { wrapper } = await mountView(EntryList)
    await click(rowOf(wrapper, '测试工人甲').get('[data-testid="entry-card-issue"]'))
    await wrapper.get('[data-testid="card-number"]').setValue('0012345678')

    await click(wrapper.get('[data-testid="card-save"]'))

    expect(wrapper.get('[data-testid="card-refusal"]').text()).toContain('该考勤卡号已发给本项目其他人员')
    expect(wrapper.get('[data-testid="entry-card-8"]').text()).toBe('')
  })

  it('收卡 after confirmation clears the number', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    withdrawCard.mockResolvedValue(null)
    const { wrapper } = await mountView(EntryList)

    await click(rowOf(wrapper, '测试工人乙').get('[data-testid="entry-card-withdraw"]'))

    expect(confirm.mock.calls[0][0]).toContain('0012345678')
    expect(withdrawCard).toHaveBeenCalledWith(3, 7)
    expect(wrapper.get('[data-testid="entry-card-7"]').text()).toBe('')
  })

  it('考勤 opens the person’s calendar of this project', async () => {
    getPersonAttendance.mockResolvedValue({
      person_id: 7, name: '测试工人乙', month: '2026-11', days_worked: 0, by_project: [], days: [],
    })
    const { wrapper } = await mountView(EntryList)

    await click(rowOf(wrapper, '测试工人乙').get('[data-testid="entry-attendance"]'))

    expect(getPersonAttendance).toHaveBeenCalledWith(7, expect.stringMatching(/^\d{4}-\d{2}$/), 3)
    const dialog = document.querySelector('[data-testid="person-calendar-dialog"]')
    expect(dialog.textContent).toContain('考勤日历 — 测试工人乙')
    expect(dialog.textContent).toContain('本月无考勤记录')
  })
})
