import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import EntryDialog from '@/views/site/EntryDialog.vue'
import EmploymentFields from '@/views/site/EmploymentFields.vue'
import { listEnterprises } from '@/api/enterprises'
import { listEmployerTeamLeaders, listTeamLeaders, lookupEntrant, registerEntry } from '@/api/entries'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { today } from '@/utils/format'
import { chooseOption, formErrorsShown, itemError, mountView, offered, optionsOf, REFERENCE } from './mountView'

vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn() }))
vi.mock('@/api/entries', () => ({
  listEmployerTeamLeaders: vi.fn(),
  listTeamLeaders: vi.fn(),
  lookupEntrant: vi.fn(),
  registerEntry: vi.fn(),
}))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const EMPLOYER = { id: 3, name: '示例劳务有限公司' }
const LEADER = { entry_id: 4, name: '测试队长甲', employer_id: 3, employer_name: EMPLOYER.name }
const ID_NUMBER = '110101199001011237'
const OTHER_EMPLOYER = { id: 8, name: '另一劳务有限公司' }
const EMPLOYMENT = {
  relation_id: 30,
  enterprise_id: OTHER_EMPLOYER.id,
  enterprise_name: OTHER_EMPLOYER.name,
  role: 'worker',
  team_id: 5,
  team_name: '钢筋一班',
  is_team_leader: false,
}
// the employer's 班组长 as GET /entries/employer-team-leaders lists them (by name)
const EMPLOYER_LEADERS = [
  { person_id: 41, name: '未进场班长', team_id: 6, team_name: '木工班', entry_id: null, state: 'not_on_site' },
  { person_id: 42, name: '未登记班长', team_id: 7, team_name: '架子班', entry_id: 22, state: 'on_site_not_as_leader' },
  { person_id: 43, name: '在场班长', team_id: 5, team_name: '钢筋一班', entry_id: 21, state: 'on_site' },
]
const TRADE = offered('trades')
const EDUCATION = offered('education_levels')

function savedEntry(overrides = {}) {
  return {
    id: 9,
    employer_id: 3,
    employer_name: EMPLOYER.name,
    is_team_leader: false,
    team_leader_entry_id: 4,
    team_leader_name: LEADER.name,
    name: '测试工人甲',
    ...overrides,
  }
}

const formOf = (wrapper) => wrapper.findComponent(EmploymentFields).props('form')

async function fillAndAdd(wrapper) {
  await chooseOption(wrapper, 'entry-employer', EMPLOYER.name)
  await chooseOption(wrapper, 'entry-team-leader', LEADER.name)
  await wrapper.get('[data-testid="entry-id-number"]').setValue(ID_NUMBER)
  await wrapper.get('[data-testid="entry-phone"]').setValue('13800000000')
  await chooseOption(wrapper, 'entry-trade', TRADE.name)
  await chooseOption(wrapper, 'entry-education', EDUCATION.name)
  await wrapper.get('[data-testid="entry-submit"]').trigger('click')
  await flushPromises()
}

describe('EntryDialog', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
    listEnterprises.mockResolvedValue({ items: [EMPLOYER], total: 1, page: 1, page_size: 20 })
    listTeamLeaders.mockResolvedValue([LEADER])
    lookupEntrant.mockResolvedValue({ person: { id: 12, name: '测试工人甲' }, employment: null })
    listEmployerTeamLeaders.mockResolvedValue([])
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('fills the name from the real-name record and sends the entry', async () => {
    registerEntry.mockResolvedValue(savedEntry())
    const { wrapper } = await mountView(EntryDialog)

    await fillAndAdd(wrapper)

    expect(lookupEntrant).toHaveBeenCalledWith('01', ID_NUMBER)
    expect(wrapper.get('[data-testid="entry-name"]').element.value).toBe('测试工人甲')
    expect(registerEntry).toHaveBeenCalledWith({
      employer_id: 3,
      is_team_leader: false,
      team_leader_entry_id: 4,
      id_type: '01',
      id_number: ID_NUMBER,
      phone: '13800000000',
      trade: TRADE.code,
      education: EDUCATION.code,
      entry_date: today(),
    }, { idempotencyKey: expect.any(String) })
    expect(listTeamLeaders).toHaveBeenCalledWith({ project_id: null, state: 'on_site' })
    expect(wrapper.get('[data-testid="entry-saved"]').text()).toContain('保存成功!')
    expect(wrapper.emitted('saved')).toHaveLength(1)
  })

  it('pre-selects the employer the person works for and says which team they are in', async () => {
    lookupEntrant.mockResolvedValue({ person: { id: 12, name: '测试工人甲' }, employment: EMPLOYMENT })
    listEmployerTeamLeaders.mockResolvedValue(EMPLOYER_LEADERS)
    const { wrapper } = await mountView(EntryDialog)

    await wrapper.get('[data-testid="entry-id-number"]').setValue(ID_NUMBER)
    await flushPromises()

    expect(formOf(wrapper).employer_id).toBe(OTHER_EMPLOYER.id)
    expect(wrapper.get('[data-testid="entry-employer"]').text()).toContain(OTHER_EMPLOYER.name)
    expect(wrapper.get('[data-testid="entry-employment"]').text().replace(/\s+/g, ' ')).toBe(
      `当前用人单位：${OTHER_EMPLOYER.name} · 班组：钢筋一班`,
    )
    expect(wrapper.find('[data-testid="entry-employment-warning"]').exists()).toBe(false)
    expect(listEmployerTeamLeaders).toHaveBeenLastCalledWith({ employer_id: OTHER_EMPLOYER.id, project_id: undefined })
  })

  it("offers the employer's team leaders: those entered as 劳务队长 to choose, the others with why not", async () => {
    lookupEntrant.mockResolvedValue({ person: { id: 12, name: '测试工人甲' }, employment: EMPLOYMENT })
    listEmployerTeamLeaders.mockResolvedValue(EMPLOYER_LEADERS)
    listTeamLeaders.mockResolvedValue([LEADER, { ...EMPLOYER_LEADERS[0], employer_name: OTHER_EMPLOYER.name }])
    const { wrapper } = await mountView(EntryDialog)
    await wrapper.get('[data-testid="entry-id-number"]').setValue(ID_NUMBER)
    await flushPromises()

    const offeredLeaders = await optionsOf(wrapper, 'entry-team-leader')

    // the worker's own team's leader first; a leader on site is offered once, in the employer's group
    expect(offeredLeaders.map((text) => text.replace(/\s+/g, ' '))).toEqual([
      '非现场作业人员',
      '在场班长钢筋一班 · 本人班组',
      '未进场班长木工班 · 未进场：请先为其登记进场（是否劳务队长选“是”）',
      '未登记班长架子班 · 已进场但未登记为劳务队长：请先编辑其进场记录',
      `测试队长甲${EMPLOYER.name}`,
    ])
    const listbox = wrapper.get('[data-testid="entry-team-leader"] input').attributes('aria-controls')
    const disabled = [...document.getElementById(listbox).querySelectorAll('.el-select-dropdown__item.is-disabled')]
    expect(disabled.map((item) => item.textContent.trim().slice(0, 5))).toEqual(['未进场班长', '未登记班长'])

    await chooseOption(wrapper, 'entry-team-leader', '在场班长')
    expect(formOf(wrapper).team_leader_entry_id).toBe(21)
  })

  it('warns, before saving, of an entry for an employer that does not employ the person, and saves it all the same', async () => {
    lookupEntrant.mockResolvedValue({ person: { id: 12, name: '测试工人甲' }, employment: EMPLOYMENT })
    const warning = { code: 'NOT_EMPLOYED_BY_EMPLOYER', message: '该人员目前不是示例劳务有限公司的在职人员', details: {} }
    registerEntry.mockResolvedValue(savedEntry({ warnings: [warning] }))
    const { wrapper } = await mountView(EntryDialog)

    await fillAndAdd(wrapper)
    // chosen before the number was typed: the employer stays, and the form says it does not employ the person

    expect(formOf(wrapper).employer_id).toBe(EMPLOYER.id)
    expect(registerEntry).toHaveBeenCalledWith(expect.objectContaining({ employer_id: EMPLOYER.id }), expect.anything())
    expect(wrapper.get('[data-testid="entry-saved-warning"]').text()).toBe(`已保存，请注意：${warning.message}`)
  })

  it('warns of an employer chosen for a person nobody employs', async () => {
    const { wrapper } = await mountView(EntryDialog)
    await wrapper.get('[data-testid="entry-id-number"]').setValue(ID_NUMBER)
    await flushPromises()
    expect(formOf(wrapper).employer_id).toBe(null)
    expect(wrapper.get('[data-testid="entry-employment"]').text()).toBe('当前用人单位：无')
    expect(wrapper.find('[data-testid="entry-employment-warning"]').exists()).toBe(false)

    await chooseOption(wrapper, 'entry-employer', EMPLOYER.name)

    expect(wrapper.get('[data-testid="entry-employment-warning"]').text()).toBe(
      '所选用人单位目前未聘用该人员（当前用人单位：无）。仍可登记进场，请核对用人单位。',
    )
  })

  it('next (same employer) keeps only the employer', async () => {
    registerEntry.mockResolvedValue(savedEntry())
    const { wrapper } = await mountView(EntryDialog)
    await fillAndAdd(wrapper)

    await wrapper.get('[data-testid="entry-next-same-employer"]').trigger('click')
    await flushPromises()

    expect(formOf(wrapper)).toMatchObject({
      employer_id: 3,
      is_team_leader: false,
      team_leader_entry_id: null,
      id_number: '',
      phone: '',
      trade: '',
      education: '',
      entry_date: today(),
    })
    expect(wrapper.get('[data-testid="entry-id-number"]').element.value).toBe('')
    expect(wrapper.get('[data-testid="entry-name"]').element.value).toBe('')
    expect(wrapper.find('[data-testid="entry-saved"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="entry-employer"]').text()).toContain(EMPLOYER.name)
  })

  it('next (same team leader) keeps the team leader only, since a leader leads workers of other employers too', async () => {
    registerEntry.mockResolvedValue(savedEntry())
    const { wrapper } = await mountView(EntryDialog)
    await fillAndAdd(wrapper)

    await wrapper.get('[data-testid="entry-next-same-leader"]').trigger('click')
    await flushPromises()

    expect(formOf(wrapper)).toMatchObject({
      employer_id: null,
      team_leader_entry_id: 4,
      id_number: '',
      phone: '',
      trade: '',
      education: '',
      entry_date: today(),
    })
    expect(wrapper.get('[data-testid="entry-team-leader"]').text()).toContain(LEADER.name)
    expect(wrapper.get('[data-testid="entry-employer"]').text()).not.toContain(EMPLOYER.name)
  })

  it('next (same team leader) after a team leader puts the next worker in that team', async () => {
    registerEntry.mockResolvedValue(savedEntry({ id: 11, is_team_leader: true, team_leader_entry_id: null }))
    const { wrapper } = await mountView(EntryDialog)
    await fillAndAdd(wrapper)

    await wrapper.get('[data-testid="entry-next-same-leader"]').trigger('click')
    await flushPromises()

    expect(formOf(wrapper)).toMatchObject({ employer_id: null, is_team_leader: false, team_leader_entry_id: 11 })
  })

  it('next (other) clears everything but the entry date', async () => {
    registerEntry.mockResolvedValue(savedEntry())
    const { wrapper } = await mountView(EntryDialog)
    await fillAndAdd(wrapper)

    await wrapper.get('[data-testid="entry-next-other"]').trigger('click')
    await flushPromises()

    expect(formOf(wrapper)).toMatchObject({
      employer_id: null,
      team_leader_entry_id: null,
      id_number: '',
      trade: '',
      education: '',
      entry_date: today(),
    })
    expect(wrapper.get('[data-testid="entry-employer"]').text()).not.toContain(EMPLOYER.name)
  })

  it('offers 非正常登记 with the typed ID number when the person is not registered', async () => {
    registerEntry.mockRejectedValue(
      new ApiError({ status: 404, code: 'PERSON_NOT_REGISTERED', message: '该人员尚未实名登记，请使用非正常登记' }),
    )
    const { wrapper } = await mountView(EntryDialog)
    await fillAndAdd(wrapper)

    expect(wrapper.text()).toContain('该人员尚未实名登记，请使用非正常登记')
    await wrapper.get('[data-testid="entry-open-unregistered"]').trigger('click')
    expect(wrapper.emitted('unregistered')).toEqual([[ID_NUMBER]])
  })

  it('shows the lookup refusal under the name', async () => {
    lookupEntrant.mockRejectedValue(new ApiError({ status: 404, code: 'PERSON_NOT_FOUND', message: '未找到该证件号码的实名记录' }))
    const { wrapper } = await mountView(EntryDialog)

    await wrapper.get('[data-testid="entry-id-number"]').setValue(ID_NUMBER)
    await flushPromises()
    await formErrorsShown()

    expect(itemError(wrapper, 'entry-name')).toBe('未找到该证件号码的实名记录')
    expect(wrapper.find('[data-testid="entry-open-unregistered"]').exists()).toBe(true)
  })

  it('shows a team leader without phone under 手机号', async () => {
    registerEntry.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'TEAM_LEADER_NEEDS_PHONE',
        message: '劳务队长必须填写手机号',
        fields: { phone: '劳务队长必须填写手机号' },
      }),
    )
    const { wrapper } = await mountView(EntryDialog)
    await fillAndAdd(wrapper)
    await formErrorsShown()

    expect(itemError(wrapper, 'entry-phone')).toBe('劳务队长必须填写手机号')
    expect(wrapper.find('[data-testid="entry-saved"]').exists()).toBe(false)
  })

  it('marks the input a dotted field path names', async () => {
    registerEntry.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'INVALID_INPUT',
        message: '输入有误',
        fields: { 'entry.entry_date': '进场日期不能晚于今天', id_number: '校验位错误' },
      }),
    )
    const { wrapper } = await mountView(EntryDialog)
    await fillAndAdd(wrapper)
    await formErrorsShown()

    expect(itemError(wrapper, 'entry-date')).toBe('进场日期不能晚于今天')
    expect(itemError(wrapper, 'entry-id-number')).toBe('校验位错误')
  })

  it('是否劳务队长 — 是 hides 劳务队长, makes the phone required and sends a leader without a leader', async () => {
    registerEntry.mockResolvedValue(savedEntry({ is_team_leader: true, team_leader_entry_id: null }))
    const { wrapper } = await mountView(EntryDialog)
    await chooseOption(wrapper, 'entry-employer', EMPLOYER.name)
    await chooseOption(wrapper, 'entry-team-leader', LEADER.name)

    await wrapper.get('[data-testid="entry-is-leader"]').findAll('input[type="radio"]')[1].setValue(true)
    await flushPromises()

    expect(wrapper.find('[data-testid="entry-team-leader"]').exists()).toBe(false)
    const phoneItem = wrapper.get('[data-testid="entry-phone"]').element.closest('.el-form-item')
    expect(phoneItem.classList.contains('is-required')).toBe(true)
    await wrapper.get('[data-testid="entry-id-number"]').setValue(ID_NUMBER)
    await chooseOption(wrapper, 'entry-trade', TRADE.name)
    await chooseOption(wrapper, 'entry-education', EDUCATION.name)
    await wrapper.get('[data-testid="entry-phone"]').setValue('13800000000')
    await wrapper.get('[data-testid="entry-submit"]').trigger('click')
    await flushPromises()
    expect(registerEntry).toHaveBeenCalledWith(
      expect.objectContaining({ is_team_leader: true, team_leader_entry_id: null, phone: '13800000000' }),
      { idempotencyKey: expect.any(String) },
    )

    await wrapper.get('[data-testid="entry-next-other"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="entry-team-leader"]').text()).toContain('非现场作业人员')
  })

  it('重置 empties what was typed and keeps the dialog open', async () => {
    const { wrapper } = await mountView(EntryDialog)
    await chooseOption(wrapper, 'entry-employer', EMPLOYER.name)
    await wrapper.get('[data-testid="entry-id-number"]').setValue(ID_NUMBER)
    await flushPromises()
    await chooseOption(wrapper, 'entry-trade', TRADE.name)

    await wrapper.get('[data-testid="entry-reset"]').trigger('click')
    await flushPromises()

    expect(formOf(wrapper)).toMatchObject({ employer_id: null, id_number: '', trade: '', entry_date: today() })
    expect(wrapper.get('[data-testid="entry-id-number"]').element.value).toBe('')
    expect(wrapper.get('[data-testid="entry-name"]').element.value).toBe('')
    expect(wrapper.emitted('close')).toBeUndefined()
  })

  it('取消 closes the dialog without sending anything', async () => {
    const { wrapper } = await mountView(EntryDialog)
    await wrapper.get('[data-testid="entry-id-number"]').setValue(ID_NUMBER)

    await wrapper.get('[data-testid="entry-cancel"]').trigger('click')

    expect(wrapper.emitted('close')).toHaveLength(1)
    expect(registerEntry).not.toHaveBeenCalled()
  })
})
