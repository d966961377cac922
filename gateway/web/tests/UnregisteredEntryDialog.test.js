import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import UnregisteredEntryDialog from '@/views/site/UnregisteredEntryDialog.vue'
import { listEnterprises } from '@/api/enterprises'
import { listTeamLeaders, registerEntry, registerUnregisteredEntry } from '@/api/entries'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { today } from '@/utils/format'
import { chooseOption, formErrorsShown, itemError, mountView, offered, REFERENCE } from './mountView'

vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn() }))
vi.mock('@/api/entries', () => ({
  listEmployerTeamLeaders: vi.fn(() => Promise.resolve([])),
  listTeamLeaders: vi.fn(),
  registerEntry: vi.fn(),
  registerUnregisteredEntry: vi.fn(),
}))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const ID_NUMBER = '110101199001011237'
const TRADE = offered('trades', 1)
const EDUCATION = offered('education_levels')

async function fillAndAdd(wrapper) {
  await wrapper.get('[data-testid="person-name"]').setValue('测试工人乙')
  await chooseOption(wrapper, 'entry-employer', '示例劳务有限公司')
  await chooseOption(wrapper, 'entry-trade', TRADE.name)
  await chooseOption(wrapper, 'entry-education', EDUCATION.name)
  await wrapper.get('[data-testid="unregistered-submit"]').trigger('click')
  await flushPromises()
}

const EMPLOYMENT = {
  employer_id: 3,
  is_team_leader: false,
  team_leader_entry_id: null,
  trade: TRADE.code,
  education: EDUCATION.code,
  entry_date: today(),
}

// 409 PERSON_ALREADY_REGISTERED as the contract describes it: the record on file and the fields typed otherwise.
const ALREADY_REGISTERED = new ApiError({
  status: 409,
  code: 'PERSON_ALREADY_REGISTERED',
  message: '该证件号码已登记实名信息',
  body: {
    error: 'PERSON_ALREADY_REGISTERED',
    message: '该证件号码已登记实名信息',
    on_file: {
      person_id: 12,
      name: '测试工人丙',
      gender: '1',
      birth_date: '1990-01-01',
      id_type: '01',
      id_number_masked: '110*****237',
      ethnicity: '01',
      verification_state: 'verified',
    },
    differences: ['name'],
  },
})

describe('UnregisteredEntryDialog', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
    listEnterprises.mockResolvedValue({ items: [{ id: 3, name: '示例劳务有限公司' }], total: 1 })
    listTeamLeaders.mockResolvedValue([])
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('carries the ID number over and sends the person and the entry together', async () => {
    registerUnregisteredEntry.mockResolvedValue({ person: {}, entry: { id: 9 }, person_created: true })
    const { wrapper } = await mountView(UnregisteredEntryDialog, { props: { idNumber: ID_NUMBER } })

    expect(wrapper.get('[data-testid="person-id-number"]').element.value).toBe(ID_NUMBER)
    await fillAndAdd(wrapper)

    expect(registerUnregisteredEntry).toHaveBeenCalledWith(
      { id_type: '01', id_number: ID_NUMBER, name: '测试工人乙', gender: '1', birth_date: '1990-01-01' },
      EMPLOYMENT,
      { idempotencyKey: expect.any(String) },
    )
    expect(wrapper.emitted('saved')).toEqual([[{ id: 9 }]])
    expect(wrapper.emitted('close')).toHaveLength(1)
  })

  it('marks the inputs that the person.* and entry.* paths of a refusal name, and plain names in both parts', async () => {
    registerUnregisteredEntry.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'INVALID_INPUT',
        message: '输入有误',
        fields: {
          'person.id_number': '校验位错误',
          'entry.entry_date': '进场日期不能晚于今天',
          'entry.phone': '劳务队长必须填写手机号',
          trade: '未知工种',
        },
      }),
    )
    const { wrapper } = await mountView(UnregisteredEntryDialog, { props: { idNumber: ID_NUMBER } })

    await fillAndAdd(wrapper)
    await formErrorsShown()

    expect(wrapper.text()).toContain('输入有误')
    expect(itemError(wrapper, 'person-id-number')).toBe('校验位错误')
    expect(itemError(wrapper, 'entry-date')).toBe('进场日期不能晚于今天')
    expect(itemError(wrapper, 'entry-phone')).toBe('劳务队长必须填写手机号')
    expect(itemError(wrapper, 'entry-trade')).toBe('未知工种')
    expect(itemError(wrapper, 'person-name')).toBe('')
    expect(wrapper.emitted('close')).toBeUndefined()
  })

  it('a number on record shows the record on file beside what was typed and names what differs', async () => {
    registerUnregisteredEntry.mockRejectedValue(ALREADY_REGISTERED)
    const { wrapper } = await mountView(UnregisteredEntryDialog, { props: { idNumber: ID_NUMBER } })

    await fillAndAdd(wrapper)

    const onFile = wrapper.get('[data-testid="unregistered-on-file"]')
    expect(wrapper.get('[data-testid="on-file-name"]').text()).toBe('测试工人丙')
    expect(wrapper.get('[data-testid="typed-name"]').text()).toBe('测试工人乙')
    expect(wrapper.get('[data-testid="on-file-gender"]').text()).toBe('男')
    expect(wrapper.get('[data-testid="unregistered-differences"]').text()).toContain('不一致：姓名')
    expect(wrapper.find('.form-error').exists()).toBe(false)
    expect(onFile.text()).toContain('110*****237')
    expect(onFile.text()).toContain('已核验')
    // what was typed stays in the form
    expect(wrapper.get('[data-testid="person-name"]').element.value).toBe('测试工人乙')
    expect(wrapper.emitted('close')).toBeUndefined()
  })

  it('使用已登记信息进场 enters the person on file with the 用工信息 typed, and sends no person data', async () => {
    registerUnregisteredEntry.mockRejectedValue(ALREADY_REGISTERED)
    registerEntry.mockResolvedValue({ id: 15, name: '测试工人丙' })
    const { wrapper } = await mountView(UnregisteredEntryDialog, { props: { idNumber: ID_NUMBER } })
    await fillAndAdd(wrapper)

    await wrapper.get('[data-testid="unregistered-use-on-file"]').trigger('click')
    await flushPromises()

    expect(registerEntry).toHaveBeenCalledWith({ ...EMPLOYMENT, id_type: '01', id_number: ID_NUMBER }, { idempotencyKey: expect.any(String) })
    expect(wrapper.emitted('saved')).toEqual([[{ id: 15, name: '测试工人丙' }]])
    expect(wrapper.emitted('close')).toHaveLength(1)
  })

  it('使用已登记信息进场 refused keeps the dialog and shows why under the 用工信息', async () => {
    registerUnregisteredEntry.mockRejectedValue(ALREADY_REGISTERED)
    registerEntry.mockRejectedValue(
      new ApiError({ status: 409, code: 'ALREADY_ON_SITE', message: '该人员已在本工地进场', fields: {} }),
    )
    const { wrapper } = await mountView(UnregisteredEntryDialog, { props: { idNumber: ID_NUMBER } })
    await fillAndAdd(wrapper)

    await wrapper.get('[data-testid="unregistered-use-on-file"]').trigger('click')
    await flushPromises()

    expect(wrapper.text()).toContain('该人员已在本工地进场')
    expect(wrapper.emitted('close')).toBeUndefined()
  })

  it('重置 empties both parts and the record on file', async () => {
    registerUnregisteredEntry.mockRejectedValue(ALREADY_REGISTERED)
    const { wrapper } = await mountView(UnregisteredEntryDialog, { props: { idNumber: ID_NUMBER } })
    await fillAndAdd(wrapper)

    await wrapper.get('[data-testid="unregistered-reset"]').trigger('click')
    await flushPromises()

    expect(wrapper.get('[data-testid="person-id-number"]').element.value).toBe('')
    expect(wrapper.get('[data-testid="person-name"]').element.value).toBe('')
    expect(wrapper.find('[data-testid="unregistered-on-file"]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('该证件号码已有实名记录')
  })

  it('取消 closes without sending', async () => {
    const { wrapper } = await mountView(UnregisteredEntryDialog, { props: { idNumber: ID_NUMBER } })

    await wrapper.get('[data-testid="unregistered-cancel"]').trigger('click')

    expect(wrapper.emitted('close')).toHaveLength(1)
    expect(registerUnregisteredEntry).not.toHaveBeenCalled()
  })
})
