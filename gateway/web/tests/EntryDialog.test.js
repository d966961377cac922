import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import EntryDialog from '@/views/site/EntryDialog.vue'
import EmploymentFields from '@/views/site/EmploymentFields.vue'
import { listEnterprises } from '@/api/enterprises'
import { listTeamLeaders, registerEntry } from '@/api/entries'
import { lookupPerson } from '@/api/persons'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { today } from '@/utils/format'
import { chooseOption, formErrorsShown, itemError, mountView, offered, REFERENCE } from './mountView'

vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn() }))
vi.mock('@/api/entries', () => ({ listTeamLeaders: vi.fn(), registerEntry: vi.fn() }))
vi.mock('@/api/persons', () => ({ lookupPerson: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const EMPLOYER = { id: 3, name: '示例劳务有限公司' }
const LEADER = { entry_id: 4, name: '测试队长甲', employer_id: 3, employer_name: EMPLOYER.name }
const ID_NUMBER = '110101199001011237'
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
    lookupPerson.mockResolvedValue({ person: { id: 12, name: '测试工人甲' } })
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('fills the name from the real-name record and sends the entry', async () => {
    registerEntry.mockResolvedValue(savedEntry())
    const { wrapper } = await mountView(EntryDialog)

    await fillAndAdd(wrapper)

    expect(lookupPerson).toHaveBeenCalledWith('01', ID_NUMBER)
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
    lookupPerson.mockRejectedValue(new ApiError({ status: 404, code: 'PERSON_NOT_FOUND', message: '未找到该证件号码的实名记录' }))
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
