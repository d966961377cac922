import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import UnregisteredEntryDialog from '@/views/site/UnregisteredEntryDialog.vue'
import { listEnterprises } from '@/api/enterprises'
import { listTeamLeaders, registerUnregisteredEntry } from '@/api/entries'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { splitFieldErrors } from '@/views/site/entryForm'
import { today } from '@/utils/format'
import { chooseOption, formErrorsShown, itemError, mountView, REFERENCE } from './mountView'

vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn() }))
vi.mock('@/api/entries', () => ({ listTeamLeaders: vi.fn(), registerUnregisteredEntry: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const ID_NUMBER = '110101199001011237'

async function fillAndAdd(wrapper) {
  await wrapper.get('[data-testid="person-name"]').setValue('测试工人乙')
  await chooseOption(wrapper, 'entry-employer', '示例劳务有限公司')
  await chooseOption(wrapper, 'entry-trade', '木工')
  await chooseOption(wrapper, 'entry-education', '高中毕业')
  await wrapper.get('[data-testid="unregistered-submit"]').trigger('click')
  await flushPromises()
}

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
      {
        employer_id: 3,
        is_team_leader: false,
        team_leader_entry_id: null,
        trade: '030',
        education: '70',
        entry_date: today(),
      },
    )
    expect(wrapper.emitted('saved')).toEqual([[{ id: 9 }]])
    expect(wrapper.emitted('close')).toHaveLength(1)
  })

  it('shows prefixed and plain field errors under their items', async () => {
    registerUnregisteredEntry.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'INVALID_INPUT',
        message: '输入有误',
        fields: { 'person.id_number': '校验位错误', 'entry.phone': '劳务队长必须填写手机号', trade: '未知工种' },
      }),
    )
    const { wrapper } = await mountView(UnregisteredEntryDialog, { props: { idNumber: ID_NUMBER } })

    await fillAndAdd(wrapper)
    await formErrorsShown()

    expect(wrapper.text()).toContain('输入有误')
    expect(itemError(wrapper, 'person-id-number')).toBe('校验位错误')
    expect(itemError(wrapper, 'entry-phone')).toBe('劳务队长必须填写手机号')
    expect(itemError(wrapper, 'entry-trade')).toBe('未知工种')
    expect(wrapper.emitted('close')).toBeUndefined()
  })
})

describe('splitFieldErrors', () => {
  it('sends prefixed keys to their part and plain keys to both', () => {
    expect(splitFieldErrors({ 'person.name': 'a', 'entry.entry_date': 'b', phone: 'c' })).toEqual({
      person: { name: 'a', phone: 'c' },
      entry: { entry_date: 'b', phone: 'c' },
    })
    expect(splitFieldErrors(undefined)).toEqual({ person: {}, entry: {} })
  })
})
