import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import EnterpriseList from '@/views/authority/EnterpriseList.vue'
import { listEnterprises, registerEnterprise } from '@/api/enterprises'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { chooseOption, formErrorsShown, itemError, mountView, REFERENCE } from './mountView'

vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn(), registerEnterprise: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const UNIT_TYPE = REFERENCE.unit_types[0]
const page = (count, from = 1) =>
  Array.from({ length: count }, (_, i) => ({
    id: from + i,
    name: `示例劳务${from + i}公司`,
    credit_code: '91310000MA1FL0000X',
    unit_type: UNIT_TYPE.code,
  }))

describe('EnterpriseList (a paged list page)', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
    listEnterprises.mockResolvedValue({ items: page(20), total: 45 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('numbers rows across pages and searches from page 1 again', async () => {
    const { wrapper } = await mountView(EnterpriseList)
    const rows = () => wrapper.findAll('[data-testid="enterprises-table"] tbody tr')
    expect(rows()).toHaveLength(20)
    expect(rows()[0].text()).toContain(UNIT_TYPE.name)
    expect(wrapper.text()).toContain('45')

    listEnterprises.mockResolvedValue({ items: page(20, 21), total: 45 })
    await wrapper.get('.el-pagination .btn-next').trigger('click')
    await flushPromises()
    expect(listEnterprises).toHaveBeenLastCalledWith({ q: '', page: 2, page_size: 20 })
    expect(rows()[0].findAll('td')[0].text()).toBe('21')

    await wrapper.get('[data-testid="enterprises-search"]').setValue('示例')
    await wrapper.get('[data-testid="enterprises-search-submit"]').trigger('click')
    await flushPromises()
    expect(listEnterprises).toHaveBeenLastCalledWith({ q: '示例', page: 1, page_size: 20 })
  })

  it('its dialog shows a refusal under the field and stays open', async () => {
    registerEnterprise.mockRejectedValue(
      new ApiError({ status: 422, code: 'INVALID_INPUT', message: '输入有误', fields: { credit_code: '统一社会信用代码校验位错误' } }),
    )
    const { wrapper } = await mountView(EnterpriseList)
    await wrapper.get('[data-testid="enterprise-new"]').trigger('click')
    await flushPromises()

    await wrapper.get('[data-testid="enterprise-name"]').setValue('示例劳务公司')
    await wrapper.get('[data-testid="enterprise-credit-code"]').setValue('91310000MA1FL0000Y')
    await chooseOption(wrapper, 'enterprise-unit-type', UNIT_TYPE.name)
    await wrapper.get('[data-testid="enterprise-submit"]').trigger('click')
    await flushPromises()
    await formErrorsShown()

    expect(itemError(wrapper, 'enterprise-credit-code')).toBe('统一社会信用代码校验位错误')
    expect(wrapper.find('[data-testid="enterprise-dialog"]').exists()).toBe(true)
  })
})
