import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import TeamList from '@/views/teams/TeamList.vue'
import { listEmployees } from '@/api/employments'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { createTeam, dissolveTeam, listTeamMembers, listTeams, moveTeamMember, updateTeam } from '@/api/teams'
import { session } from '@/store/session'
import { EMPLOYMENT_REFERENCE } from './fixtures/employmentReference'
import { chooseOption, mountView } from './mountView'

vi.mock('@/api/employments', () => ({ listEmployees: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))
vi.mock('@/api/teams', () => ({
  listTeams: vi.fn(),
  createTeam: vi.fn(),
  updateTeam: vi.fn(),
  listTeamMembers: vi.fn(),
  moveTeamMember: vi.fn(),
  dissolveTeam: vi.fn(),
}))

const TRADE = EMPLOYMENT_REFERENCE.trades.find((row) => !row.legacy)
const TEAMS = [
  { id: 7, enterprise_id: 3, name: '钢筋一班', kind: 'workers', trade: TRADE.code, leader_relation_id: 21, leader_name: '测试班长甲', member_count: 2 },
  { id: 8, enterprise_id: 3, name: '项目管理组', kind: 'managers', trade: null, leader_relation_id: null, leader_name: null, member_count: 0 },
]
const EMPLOYEES = [
  { id: 21, person_name: '测试班长甲', id_number_masked: '1101**********1237' },
  { id: 22, person_name: '测试工人乙', id_number_masked: '1101**********2345' },
]
const MEMBERS = [
  { relation_id: 21, person_name: '测试班长甲', id_number_masked: '1101**********1237', trade: TRADE.code, is_team_leader: true },
  { relation_id: 22, person_name: '测试工人乙', id_number_masked: '1101**********2345', trade: TRADE.code, is_team_leader: false },
]

const rowsOf = (wrapper, testId) => wrapper.findAll(`[data-testid="${testId}"] .el-table__body-wrapper tbody tr`)

async function click(target) {
  await target.trigger('click')
  await flushPromises()
}

describe('TeamList (班组管理)', () => {
  beforeEach(() => {
    session.account = { username: 'ent_3', role: 'enterprise', scope_name: '示例劳务有限公司' }
    getReference.mockResolvedValue(EMPLOYMENT_REFERENCE)
    listTeams.mockResolvedValue({ items: TEAMS, total: 2 })
    listEmployees.mockResolvedValue({ items: EMPLOYEES, total: 2 })
    listTeamMembers.mockResolvedValue(MEMBERS)
  })
  afterEach(() => {
    vi.clearAllMocks()
    vi.restoreAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('lists 名称, 类型, 工种, 班组长 and 人数, and searches by name and kind', async () => {
    const { wrapper } = await mountView(TeamList)

    const rows = rowsOf(wrapper, 'teams-table')
    expect(rows[0].text()).toContain('钢筋一班')
    expect(rows[0].text()).toContain('务工人员班组')
    expect(rows[0].text()).toContain(TRADE.name)
    expect(rows[0].text()).toContain('测试班长甲')
    expect(rows[0].text()).toContain('2')
    expect(rows[1].text()).toContain('管理人员班组')

    await wrapper.get('[data-testid="teams-filter-name"]').setValue('钢筋')
    await chooseOption(wrapper, 'teams-filter-kind', '务工人员班组')
    await click(wrapper.get('[data-testid="teams-search"]'))
    expect(listTeams).toHaveBeenLastCalledWith({ name: '钢筋', kind: 'workers', page: 1, page_size: 20 })
  })

  it('新建班组 names the enterprise and picks the leader from confirmed employees', async () => {
    createTeam.mockResolvedValue({ ...TEAMS[0], id: 9 })
    const { wrapper } = await mountView(TeamList)
    await click(wrapper.get('[data-testid="teams-new"]'))

    expect(wrapper.get('[data-testid="team-enterprise"]').text()).toBe('示例劳务有限公司')
    await wrapper.get('[data-testid="team-name"]').setValue(' 钢筋三班 ')
    await chooseOption(wrapper, 'team-trade', TRADE.name)
    await chooseOption(wrapper, 'team-leader', '测试工人乙')
    await click(wrapper.get('[data-testid="team-save"]'))

    expect(createTeam).toHaveBeenCalledWith(
      { name: '钢筋三班', kind: 'workers', trade: TRADE.code, leader_relation_id: 22 },
      { idempotencyKey: expect.any(String) },
    )
    expect(wrapper.find('[data-testid="team-dialog"]').exists()).toBe(false)
    expect(listTeams).toHaveBeenCalledTimes(2)
  })

  it('编辑 shows the team as it is and sends it to the same team', async () => {
    updateTeam.mockResolvedValue(TEAMS[0])
    const { wrapper } = await mountView(TeamList)
    await click(rowsOf(wrapper, 'teams-table')[0].get('[data-testid="team-edit"]'))

    expect(wrapper.get('[data-testid="team-name"]').element.value).toBe('钢筋一班')
    expect(wrapper.get('[data-testid="team-leader"]').text()).toContain('测试班长甲')
    await click(wrapper.get('[data-testid="team-save"]'))

    expect(updateTeam).toHaveBeenCalledWith(
      7,
      { name: '钢筋一班', kind: 'workers', trade: TRADE.code, leader_relation_id: 21 },
      { idempotencyKey: expect.any(String) },
    )
  })

  it('解散 of a team with members shows TEAM_NOT_EMPTY', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    dissolveTeam.mockRejectedValue(
      new ApiError({ status: 409, code: 'TEAM_NOT_EMPTY', message: '班组内还有 2 名人员，请先将他们移出班组后再解散' }),
    )
    const { wrapper } = await mountView(TeamList)

    await click(rowsOf(wrapper, 'teams-table')[0].get('[data-testid="team-dissolve"]'))

    expect(dissolveTeam).toHaveBeenCalledWith(7, { idempotencyKey: expect.any(String) })
    expect(document.body.textContent).toContain('班组内还有 2 名人员，请先将他们移出班组后再解散')
    expect(listTeams).toHaveBeenCalledTimes(1)
  })

  it('解散 of an empty team reloads the list', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    dissolveTeam.mockResolvedValue(null)
    const { wrapper } = await mountView(TeamList)

    await click(rowsOf(wrapper, 'teams-table')[1].get('[data-testid="team-dissolve"]'))

    expect(dissolveTeam).toHaveBeenCalledWith(8, { idempotencyKey: expect.any(String) })
    expect(listTeams).toHaveBeenCalledTimes(2)
  })

  it('成员 lists the members and moves one to another team (not the same one)', async () => {
    moveTeamMember.mockResolvedValue(null)
    const { wrapper } = await mountView(TeamList)
    await click(rowsOf(wrapper, 'teams-table')[0].get('[data-testid="team-members"]'))

    const drawer = wrapper.get('[data-testid="team-members-drawer"]')
    const members = rowsOf(drawer, 'team-members-table')
    expect(members).toHaveLength(2)
    expect(members[0].text()).toContain('班组长')
    const select = members[1].get('[data-testid="team-move-target"]')
    await click(select.get('.el-select__wrapper'))
    const listbox = document.getElementById(select.get('input').attributes('aria-controls'))
    const options = [...listbox.querySelectorAll('.el-select-dropdown__item')]
    expect(options.map((item) => item.textContent.trim())).toEqual(['项目管理组'])
    options[0].click()
    await flushPromises()
    await click(members[1].get('[data-testid="team-move"]'))

    expect(moveTeamMember).toHaveBeenCalledWith(22, 8, { idempotencyKey: expect.any(String) })
    expect(listTeamMembers).toHaveBeenCalledTimes(2)
    // the list (its counts) again; the move selects ask for teams of their own (page_size 50)
    expect(listTeams.mock.calls.filter(([query]) => query.page_size === 20)).toHaveLength(2)

    await click(rowsOf(drawer, 'team-members-table')[0].get('[data-testid="team-remove"]'))
    expect(moveTeamMember).toHaveBeenLastCalledWith(21, null, { idempotencyKey: expect.any(String) })
  })
})
