import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import EntryList from '@/views/site/EntryList.vue'
import { listEnterprises } from '@/api/enterprises'
import { getEntryHistory, listEntries, listTeamLeaders, updateEntry } from '@/api/entries'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { chooseOption, mountView, offered, optionsOf, REFERENCE } from './mountView'

vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn() }))
vi.mock('@/api/entries', () => ({
  listEmployerTeamLeaders: vi.fn(() => Promise.resolve([])),
  lookupEntrant: vi.fn(),
  listEntries: vi.fn(),
  listTeamLeaders: vi.fn(),
  updateEntry: vi.fn(),
  getEntryHistory: vi.fn(),
  registerEntry: vi.fn(),
  registerUnregisteredEntry: vi.fn(),
}))
vi.mock('@/api/persons', () => ({ lookupPerson: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const TRADE = offered('trades')
const OTHER_TRADE = offered('trades', 1)
const EDUCATION = offered('education_levels')

function row(overrides) {
  return {
    employer_id: 3,
    employer_name: '示例劳务有限公司',
    is_team_leader: false,
    team_leader_entry_id: null,
    team_leader_name: null,
    id_number_masked: '110*****237',
    gender: '1',
    phone_masked: null,
    trade: TRADE.code,
    education: EDUCATION.code,
    entry_date: '2026-11-02',
    exit_date: null,
    ...overrides,
  }
}

// 所属劳务队 of a leader is the leader's own name, as the server sends it (manual 000's lists).
const LEADER = row({ id: 4, name: '测试队长甲', is_team_leader: true, team_leader_name: '测试队长甲', phone_masked: '138****0000' })
const WORKER = row({ id: 9, name: '测试工人甲', team_leader_entry_id: 4, team_leader_name: '测试队长甲' })
const LEADERS = [
  { entry_id: 4, name: '测试队长甲', employer_id: 3, employer_name: '示例劳务有限公司', state: 'on_site' },
  { entry_id: 5, name: '测试队长乙', employer_id: 3, employer_name: '示例劳务有限公司', state: 'on_site' },
]

const rowOf = (wrapper, name) => wrapper.findAll('[data-testid="entries-table"] tbody tr').find((tr) => tr.text().includes(name))

async function editRow(wrapper, name) {
  await rowOf(wrapper, name).get('[data-testid="entry-edit"]').trigger('click')
  await flushPromises()
}

async function save(wrapper) {
  await wrapper.get('[data-testid="entry-save"]').trigger('click')
  await flushPromises()
}

describe('EntryList (进场管理)', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
    listEnterprises.mockResolvedValue({ items: [{ id: 3, name: '示例劳务有限公司' }], total: 1 })
    listEntries.mockResolvedValue({ items: [LEADER, WORKER], total: 2 })
    listTeamLeaders.mockResolvedValue(LEADERS)
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('lists who is on site, a leader under their own name in 所属劳务队, trades by name', async () => {
    const { wrapper } = await mountView(EntryList)

    expect(listEntries).toHaveBeenCalledWith({ state: 'on_site', page: 1, page_size: 20 })
    const cells = rowOf(wrapper, '测试队长甲').findAll('td').map((td) => td.text())
    expect(cells).toContain('测试队长甲')
    expect(cells.filter((text) => text === '测试队长甲')).toHaveLength(2)
    expect(cells).toContain(TRADE.name)
    expect(cells[0]).toBe('1')
  })

  it('编辑 never offers the entry itself as its own leader', async () => {
    const { wrapper } = await mountView(EntryList)
    await editRow(wrapper, '测试队长甲')

    const offeredLeaders = await optionsOf(wrapper, 'entry-edit-team-leader')

    expect(listTeamLeaders).toHaveBeenCalledWith({ project_id: null, state: 'on_site' })
    expect(offeredLeaders.some((text) => text.startsWith('测试队长乙'))).toBe(true)
    expect(offeredLeaders.some((text) => text.startsWith('测试队长甲'))).toBe(false)
  })

  it('shows TEAM_LEADER_IS_SELF under 所属劳务队 and keeps the row in 编辑', async () => {
    updateEntry.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'INVALID_ENTRY',
        message: '输入有误',
        fields: { team_leader_entry_id: '不能选择本人作为自己的劳务队长' },
      }),
    )
    const { wrapper } = await mountView(EntryList)
    await editRow(wrapper, '测试工人甲')
    await chooseOption(wrapper, 'entry-edit-team-leader', '测试队长乙')

    await save(wrapper)

    expect(updateEntry).toHaveBeenCalledWith(9, { team_leader_entry_id: 5 })
    expect(wrapper.get('[data-testid="entry-edit-error-team"]').text()).toBe('不能选择本人作为自己的劳务队长')
    expect(wrapper.find('[data-testid="entry-save"]').exists()).toBe(true)
  })

  it('unticking 劳务队长 of a leader who leads people names them under 劳务队长', async () => {
    updateEntry.mockRejectedValue(
      new ApiError({
        status: 409,
        code: 'TEAM_LEADER_HAS_MEMBERS',
        message: '该劳务队长仍有队员在场',
        fields: { is_team_leader: '该劳务队长仍有队员在场' },
        body: { members: [{ entry_id: 9, name: '测试工人甲' }, { entry_id: 10, name: '测试工人乙' }] },
      }),
    )
    const { wrapper } = await mountView(EntryList)
    await editRow(wrapper, '测试队长甲')

    await wrapper.get('[data-testid="entry-edit-is-leader"] input').setValue(false)
    await save(wrapper)

    expect(updateEntry).toHaveBeenCalledWith(4, { is_team_leader: false })
    expect(wrapper.get('[data-testid="entry-edit-error-teamLeader"]').text()).toBe(
      '该劳务队长仍有队员在场：测试工人甲、测试工人乙',
    )
  })

  it('emptying 手机号 clears the phone; leaving the masked phone as shown sends nothing', async () => {
    updateEntry.mockResolvedValue({ ...LEADER, phone_masked: null })
    const { wrapper } = await mountView(EntryList)
    await editRow(wrapper, '测试队长甲')
    expect(wrapper.get('[data-testid="entry-edit-phone"]').element.value).toBe('138****0000')

    await wrapper.get('[data-testid="entry-edit-phone"]').setValue('')
    await save(wrapper)

    expect(updateEntry).toHaveBeenCalledWith(4, { phone: null })
    expect(rowOf(wrapper, '测试队长甲').text()).not.toContain('138****0000')
  })

  it('撤销 leaves the row as it was and sends nothing', async () => {
    const { wrapper } = await mountView(EntryList)
    await editRow(wrapper, '测试工人甲')
    await chooseOption(wrapper, 'entry-edit-trade', OTHER_TRADE.name)

    await wrapper.get('[data-testid="entry-undo"]').trigger('click')
    await flushPromises()

    expect(updateEntry).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="entry-save"]').exists()).toBe(false)
    expect(rowOf(wrapper, '测试工人甲').text()).toContain(TRADE.name)
  })

  it('the history shows each change by field name, old → new, with names not ids', async () => {
    getEntryHistory.mockResolvedValue([
      {
        changed_at: '2026-11-03T08:00:00Z',
        changed_by: 'site_3',
        changes: [
          { field: 'employer_id', old: '示例劳务有限公司', new: '另一劳务有限公司' },
          { field: 'trade', old: TRADE.name, new: OTHER_TRADE.name, old_code: TRADE.code, new_code: OTHER_TRADE.code },
          { field: 'team_leader_entry_id', old: null, new: '测试队长乙' },
          { field: 'is_team_leader', old: true, new: false },
        ],
      },
    ])
    const { wrapper } = await mountView(EntryList)

    await rowOf(wrapper, '测试工人甲').get('[data-testid="entry-history"]').trigger('click')
    await flushPromises()

    const changes = [...document.querySelectorAll('[data-testid="entry-history-change"]')].map((item) => item.textContent.trim())
    expect(changes).toEqual([
      '用人单位：示例劳务有限公司 → 另一劳务有限公司',
      `从事主要工种：${TRADE.name} → ${OTHER_TRADE.name}`,
      '劳务队长：（空） → 测试队长乙',
      '是否劳务队长：是 → 否',
    ])
    expect(getEntryHistory).toHaveBeenCalledWith(9)
  })
})
