import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import RosterList from '@/views/site/RosterList.vue'
import { listEnterprises } from '@/api/enterprises'
import { exportEntries, listEntries, listTeamLeaders } from '@/api/entries'
import { listProjects } from '@/api/projects'
import { getReference } from '@/api/reference'
import { session } from '@/store/session'
import { chooseOption, mountView, offered, optionsOf, REFERENCE } from './mountView'

vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn() }))
vi.mock('@/api/entries', () => ({ listEntries: vi.fn(), listTeamLeaders: vi.fn(), exportEntries: vi.fn() }))
vi.mock('@/api/persons', () => ({ getPersonSiteHistory: vi.fn() }))
vi.mock('@/api/projects', () => ({ listProjects: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))
vi.mock('@/utils/download', () => ({ saveBlob: vi.fn() }))

const TRADE = offered('trades', 2)
const PROJECTS = [
  { id: 1, name: '测试项目三' },
  { id: 2, name: '测试项目四' },
]
// Leaders who left are listed too: the roster shows what they led.
const LEADERS = [
  { entry_id: 4, name: '测试队长甲', employer_name: '示例劳务有限公司', project_id: 1, project_name: '测试项目三', state: 'on_site' },
  { entry_id: 6, name: '测试队长丙', employer_name: '示例劳务有限公司', project_id: 1, project_name: '测试项目三', state: 'exited' },
]

const filterShown = (wrapper, testId) => wrapper.find(`[data-testid="${testId}"]`).exists()

async function searchWith(wrapper) {
  await wrapper.get('[data-testid="filter-submit"]').trigger('click')
  await flushPromises()
  return listEntries.mock.calls.at(-1)[0]
}

describe('RosterList (用工查询)', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
    listEnterprises.mockResolvedValue({ items: [{ id: 3, name: '示例劳务有限公司' }], total: 1 })
    listEntries.mockResolvedValue({ items: [], total: 0 })
    listTeamLeaders.mockResolvedValue(LEADERS)
    listProjects.mockResolvedValue({ items: PROJECTS, total: 2 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it.each([
    ['site', { employer: true, project: false }],
    ['enterprise', { employer: true, project: true }],
    ['authority', { employer: true, project: true }],
  ])('offers the %s role the 劳务队长 filter with the leaders who left, and only filters the server applies', async (role, shown) => {
    session.account = { username: role, role, scope_name: '一号' }
    const { wrapper } = await mountView(RosterList)

    expect(filterShown(wrapper, 'filter-team-leader')).toBe(true)
    expect(filterShown(wrapper, 'filter-employer')).toBe(shown.employer)
    expect(filterShown(wrapper, 'filter-project')).toBe(shown.project)
    expect(listTeamLeaders).toHaveBeenCalledWith({ project_id: null, state: null })
    const leaders = await optionsOf(wrapper, 'filter-team-leader')
    expect(leaders.some((text) => text.startsWith('测试队长丙') && text.includes('已退场'))).toBe(true)
  })

  it('sends the leader, trade and person filters a site user chose', async () => {
    session.account = { username: 'site_3', role: 'site', scope_name: '测试项目三' }
    const { wrapper } = await mountView(RosterList)

    await chooseOption(wrapper, 'filter-team-leader', '测试队长丙')
    await chooseOption(wrapper, 'filter-trade', TRADE.name)
    await wrapper.get('[data-testid="filter-person"]').setValue(' 测试 ')

    expect(await searchWith(wrapper)).toMatchObject({
      team_leader_entry_id: 6,
      trade: TRADE.code,
      person: '测试',
      project_id: null,
      employer_id: null,
      page: 1,
    })
  })

  it('lets the authority look at one project, whose leaders the leader filter then lists', async () => {
    session.account = { username: 'authority', role: 'authority', scope_name: '监管' }
    const { wrapper } = await mountView(RosterList)
    expect(wrapper.text()).toContain('项目')

    await chooseOption(wrapper, 'filter-project', '测试项目四')

    expect(listTeamLeaders).toHaveBeenLastCalledWith({ project_id: 2, state: null })
    expect(await searchWith(wrapper)).toMatchObject({ project_id: 2 })
  })

  it('exports what the filters found, for the authority too', async () => {
    session.account = { username: 'authority', role: 'authority', scope_name: '监管' }
    exportEntries.mockResolvedValue(new Blob(['x']))
    const { wrapper } = await mountView(RosterList)
    await chooseOption(wrapper, 'filter-project', '测试项目三')
    await searchWith(wrapper)

    await wrapper.get('[data-testid="roster-export"]').trigger('click')
    await flushPromises()

    expect(exportEntries).toHaveBeenCalledWith(expect.objectContaining({ project_id: 1 }))
  })
})
