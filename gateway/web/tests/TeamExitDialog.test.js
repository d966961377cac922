import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import TeamExitDialog from '@/views/site/TeamExitDialog.vue'
import ExitResult from '@/views/site/ExitResult.vue'
import { exitTeam, listSiteTeams } from '@/api/entries'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { today } from '@/utils/format'
import { chooseOption, formErrorsShown, mountView, optionsOf, REFERENCE } from './mountView'

vi.mock('@/api/entries', () => ({ exitTeam: vi.fn(), listSiteTeams: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const TEAMS = [
  { team_id: 5, name: '钢筋一班', enterprise_id: 3, enterprise_name: '示例劳务', leader_name: '测试班长', on_site_count: 3 },
  { team_id: 6, name: '木工班', enterprise_id: 3, enterprise_name: '示例劳务', leader_name: null, on_site_count: 0 },
]
const RESULT = {
  exited: [{ id: 1, name: '测试工人甲' }, { id: 2, name: '测试班长' }],
  refused: [{ entry_id: 3, name: '测试工人乙', error: 'EXIT_BEFORE_ENTRY', message: '测试工人乙：退工日期早于进场日期' }],
}

const confirmDialog = () => document.querySelector('[data-testid="team-exit-confirm"]')

describe('TeamExitDialog', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
    listSiteTeams.mockResolvedValue(TEAMS)
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('says that a team exit cannot be undone, and offers the teams on this site with how many are on it', async () => {
    const { wrapper } = await mountView(TeamExitDialog)

    expect(wrapper.get('[data-testid="team-exit-irreversible"]').text()).toContain('退场后无法恢复')
    const offered = await optionsOf(wrapper, 'team-exit-team')
    expect(offered.map((text) => text.replace(/\s+/g, ''))).toEqual([
      '钢筋一班（示例劳务，在场3人）班组长：测试班长',
      '木工班（示例劳务，在场0人）',
    ])
    expect(document.querySelector('.el-select-dropdown__item.is-disabled').textContent).toContain('木工班')
  })

  it('exits the team only once the confirmation is given, and hands on who exited and who was refused', async () => {
    exitTeam.mockResolvedValue(RESULT)
    const { wrapper } = await mountView(TeamExitDialog)
    await chooseOption(wrapper, 'team-exit-team', '钢筋一班')
    await wrapper.get('[data-testid="team-exit-comment"]').setValue('班组完工')

    await wrapper.get('[data-testid="team-exit-submit"]').trigger('click')
    await flushPromises()

    expect(exitTeam).not.toHaveBeenCalled()
    expect(confirmDialog().textContent).toContain('确定将班组“钢筋一班”在本工地的 3 名人员全部退场吗？退场后无法恢复。')
    confirmDialog().querySelector('[data-testid="team-exit-confirm-yes"]').click()
    await flushPromises()

    expect(exitTeam).toHaveBeenCalledWith(
      { team_id: 5, exit_date: today(), evaluation: 'good', evaluation_comment: '班组完工' },
      { idempotencyKey: expect.any(String) },
    )
    expect(wrapper.emitted('exited')).toEqual([[{ ...RESULT, team: TEAMS[0] }]])
  })

  it('sends nothing when the confirmation is declined', async () => {
    const { wrapper } = await mountView(TeamExitDialog)
    await chooseOption(wrapper, 'team-exit-team', '钢筋一班')
    await wrapper.get('[data-testid="team-exit-submit"]').trigger('click')
    await flushPromises()

    confirmDialog().querySelector('[data-testid="team-exit-confirm-no"]').click()
    await flushPromises()

    expect(exitTeam).not.toHaveBeenCalled()
    expect(wrapper.emitted('exited')).toBeUndefined()
  })

  it('neither confirms nor sends anything before a team is chosen', async () => {
    const { wrapper } = await mountView(TeamExitDialog)
    await wrapper.get('[data-testid="team-exit-submit"]').trigger('click')
    await flushPromises()
    await formErrorsShown()

    expect(confirmDialog()?.textContent ?? '').not.toContain('确定将班组')
    expect(exitTeam).not.toHaveBeenCalled()
  })

  it('shows a refusal of the whole team exit', async () => {
    exitTeam.mockRejectedValue(new ApiError({ status: 404, code: 'TEAM_NOT_FOUND', message: '未找到该班组' }))
    const { wrapper } = await mountView(TeamExitDialog)
    await chooseOption(wrapper, 'team-exit-team', '钢筋一班')
    await wrapper.get('[data-testid="team-exit-submit"]').trigger('click')
    await flushPromises()
    confirmDialog().querySelector('[data-testid="team-exit-confirm-yes"]').click()
    await flushPromises()

    expect(wrapper.text()).toContain('未找到该班组')
    expect(wrapper.emitted('exited')).toBeUndefined()
  })
})

describe('ExitResult of a team exit', () => {
  it('lists who exited and who was refused with why', async () => {
    const { wrapper } = await mountView(ExitResult, { props: { result: { ...RESULT, team: TEAMS[0] } } })
    expect(wrapper.text()).toContain('已退场：测试工人甲、测试班长')
    expect(wrapper.text()).toContain('测试工人乙：退工日期早于进场日期')
  })

  it('says so when nobody of the team was on the site', async () => {
    const { wrapper } = await mountView(ExitResult, { props: { result: { exited: [], refused: [], team: TEAMS[1] } } })
    expect(wrapper.text()).toContain('班组“木工班”在本工地没有在场人员，无人退场')
  })
})
