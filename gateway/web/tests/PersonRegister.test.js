import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import PersonRegister from '@/views/persons/PersonRegister.vue'
import { registerPerson } from '@/api/persons'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { mountView, REFERENCE } from './mountView'

vi.mock('@/api/persons', () => ({ registerPerson: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const PERSON = {
  id: 7,
  id_type: '01',
  id_number_masked: '310*****136',
  name: '张三',
  gender: '1',
  ethnicity: '01',
  birth_date: '1985-03-02',
  verification_state: 'unverified',
  registered_at: '2026-11-21T14:00:00+00:00',
}

async function fillRequired(wrapper) {
  await wrapper.get('[data-testid="person-id-number"]').setValue('310101198503025136')
  await wrapper.get('[data-testid="person-name"]').setValue('张三')
}

async function save(wrapper) {
  await wrapper.get('[data-testid="person-submit"]').trigger('click')
  await flushPromises()
}

describe('PersonRegister', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('puts text-input hooks on the native input', async () => {
    const { wrapper } = await mountView(PersonRegister)

    expect(wrapper.get('[data-testid="person-id-number"]').element.tagName).toBe('INPUT')
    expect(wrapper.get('[data-testid="person-birth-date"] input').exists()).toBe(true)
  })

  it('derives gender and birth date from a resident ID number and sends them', async () => {
    registerPerson.mockResolvedValue({ person: PERSON, created: true, message: '实名信息登记成功' })
    const { wrapper } = await mountView(PersonRegister)

    await fillRequired(wrapper)
    await save(wrapper)

    expect(registerPerson).toHaveBeenCalledWith({
      id_type: '01',
      id_number: '310101198503025136',
      name: '张三',
      gender: '1',
      birth_date: '1985-03-02',
    }, { idempotencyKey: expect.any(String) })
    const result = wrapper.get('[data-testid="person-result"]')
    expect(result.text()).toContain('实名信息登记成功')
    expect(result.text()).toContain('张三')
    expect(result.text()).toContain('310*****136')
  })

  it('sends valid_until null for a long-term document', async () => {
    registerPerson.mockResolvedValue({ person: PERSON, created: false, message: '该证件号码已登记' })
    const { wrapper } = await mountView(PersonRegister)

    await fillRequired(wrapper)
    await wrapper.get('[data-testid="person-valid-long-term"] input').setValue(true)
    await save(wrapper)

    expect(registerPerson.mock.calls[0][0]).toMatchObject({ valid_until: null })
    expect(wrapper.get('[data-testid="person-result"]').text()).toContain('该证件号码已登记')
  })

  it('shows field messages under the matching items', async () => {
    registerPerson.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'INVALID_ID_NUMBER',
        message: '身份证号码校验位错误',
        fields: { id_number: '校验位错误' },
      }),
    )
    const { wrapper } = await mountView(PersonRegister)

    await fillRequired(wrapper)
    await save(wrapper)
    // Element Plus debounces showing a form item's error by 100 ms.
    await new Promise((resolve) => setTimeout(resolve, 150))

    const item = wrapper.get('[data-testid="person-id-number"]').element.closest('.el-form-item')
    expect(item.querySelector('.el-form-item__error').textContent).toContain('校验位错误')
    expect(wrapper.text()).toContain('身份证号码校验位错误')
    expect(wrapper.find('[data-testid="person-result"]').exists()).toBe(false)
  })
})
