import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import ContractList from '@/views/contracts/ContractList.vue'
import ContractDocuments from '@/views/contracts/ContractDocuments.vue'
import { documentProblem, MAX_DOCUMENT_BYTES } from '@/views/contracts/contractFiles'
import {
  deleteContractDocument,
  fetchContractDocument,
  listContracts,
  saveContract,
  uploadContractDocument,
} from '@/api/contracts'
import { getReference } from '@/api/reference'
import { EMPLOYMENT_REFERENCE } from './fixtures/employmentReference'
import { chooseOption, formErrorsShown, itemError, mountView } from './mountView'

vi.mock('@/api/contracts', () => ({
  listContracts: vi.fn(),
  saveContract: vi.fn(),
  uploadContractDocument: vi.fn(),
  fetchContractDocument: vi.fn(),
  deleteContractDocument: vi.fn(),
}))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

const DOCUMENT = { id: 31, contract_id: 11, filename: '合同第1页.jpg', content_type: 'image/jpeg', size: 204800 }
const CONTRACT = {
  id: 11,
  relation_id: 1,
  number: 'HT-2026-001',
  contract_type: 'fixed',
  signed_on: '2026-11-01',
  starts_on: '2026-11-01',
  ends_on: '2026-12-20',
  documents: [DOCUMENT],
}
const ROWS = [
  { relation_id: 1, person_name: '测试工人甲', id_number_masked: '1101**********1237', role: 'worker', signed: true, expiring: true, contract: CONTRACT },
  { relation_id: 2, person_name: '测试工人乙', id_number_masked: '1101**********2345', role: 'worker', signed: false, expiring: false, contract: null },
]

const rowsOf = (wrapper) => wrapper.findAll('[data-testid="contracts-table"] .el-table__body-wrapper tbody tr')
const file = (name, type, size) => {
  const made = new File(['x'], name, { type })
  Object.defineProperty(made, 'size', { value: size })
  return made
}

async function click(target) {
  await target.trigger('click')
  await flushPromises()
}

describe('ContractList (劳动合同)', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(EMPLOYMENT_REFERENCE)
    listContracts.mockResolvedValue({ items: ROWS, total: 2 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('shows who has signed, the contract and those ending soon', async () => {
    const { wrapper } = await mountView(ContractList)

    const rows = rowsOf(wrapper)
    expect(rows[0].text()).toContain('已签订')
    expect(rows[0].text()).toContain('HT-2026-001')
    expect(rows[0].text()).toContain('固定期限')
    expect(rows[0].find('[data-testid="contract-expiring"]').exists()).toBe(true)
    expect(rows[0].find('[data-testid="contract-edit"]').exists()).toBe(true)
    expect(rows[1].text()).toContain('未签订')
    expect(rows[1].find('[data-testid="contract-sign"]').exists()).toBe(true)
  })

  it('filters 已签订 / 未签订 and 30 天内到期', async () => {
    const { wrapper } = await mountView(ContractList)

    await chooseOption(wrapper, 'contracts-filter-signed', '未签订')
    await click(wrapper.get('[data-testid="contracts-search"]'))
    expect(listContracts).toHaveBeenLastCalledWith({
      name: '',
      signed: false,
      expiring_within_days: null,
      page: 1,
      page_size: 20,
    })

    await chooseOption(wrapper, 'contracts-filter-signed', '已签订')
    await wrapper.get('[data-testid="contracts-filter-expiring"] input').setValue(true)
    await click(wrapper.get('[data-testid="contracts-search"]'))
    expect(listContracts).toHaveBeenLastCalledWith(expect.objectContaining({ signed: true, expiring_within_days: 30 }))
  })

  it('签订合同 checks the form, saves it, and then offers the documents', async () => {
    saveContract.mockResolvedValue({ ...CONTRACT, id: 12, relation_id: 2, documents: [] })
    const { wrapper } = await mountView(ContractList)
    await click(rowsOf(wrapper)[1].get('[data-testid="contract-sign"]'))
    expect(wrapper.find('[data-testid="contract-documents"]').exists()).toBe(false)

    await click(wrapper.get('[data-testid="contract-save"]'))
    await formErrorsShown()
    expect(saveContract).not.toHaveBeenCalled()
    expect(itemError(wrapper, 'contract-number')).toBe('请输入合同编号')

    await wrapper.get('[data-testid="contract-number"]').setValue('HT-2026-002')
    await wrapper.get('[data-testid="contract-starts-on"] input').setValue('2026-11-02')
    await wrapper.get('[data-testid="contract-ends-on"] input').setValue('2027-11-01')
    await click(wrapper.get('[data-testid="contract-save"]'))

    expect(saveContract).toHaveBeenCalledWith(
      2,
      expect.objectContaining({ number: 'HT-2026-002', contract_type: 'fixed', starts_on: '2026-11-02', ends_on: '2027-11-01' }),
      { idempotencyKey: expect.any(String) },
    )
    expect(wrapper.find('[data-testid="contract-documents"]').exists()).toBe(true)
    expect(listContracts).toHaveBeenCalledTimes(2)
  })

  it('无固定期限 has no end date', async () => {
    saveContract.mockResolvedValue({ ...CONTRACT, contract_type: 'open', ends_on: null })
    const { wrapper } = await mountView(ContractList)
    await click(rowsOf(wrapper)[0].get('[data-testid="contract-edit"]'))

    await chooseOption(wrapper, 'contract-type', '无固定期限')
    expect(wrapper.find('[data-testid="contract-ends-on"]').exists()).toBe(false)
    await click(wrapper.get('[data-testid="contract-save"]'))

    expect(saveContract).toHaveBeenCalledWith(1, expect.objectContaining({ contract_type: 'open', ends_on: null }), {
      idempotencyKey: expect.any(String),
    })
  })
})

describe('ContractDocuments', () => {
  afterEach(() => {
    vi.clearAllMocks()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('accepts photos and PDFs up to 10 MB only', () => {
    expect(documentProblem(file('a.jpg', 'image/jpeg', 1000))).toBeNull()
    expect(documentProblem(file('a.pdf', 'application/pdf', MAX_DOCUMENT_BYTES))).toBeNull()
    expect(documentProblem(file('a.pdf', 'application/pdf', MAX_DOCUMENT_BYTES + 1))).toBe('size')
    expect(documentProblem(file('a.docx', 'application/msword', 1000))).toBe('type')
    expect(documentProblem(file('a.gif', 'image/gif', 1000))).toBe('type')
  })

  it('uploads a chosen file, refusing a wrong type before sending', async () => {
    uploadContractDocument.mockResolvedValue({ ...DOCUMENT, id: 32, filename: '合同第2页.pdf', content_type: 'application/pdf' })
    const { wrapper } = await mountView(ContractDocuments, { props: { contractId: 11, documents: [DOCUMENT] } })
    const input = wrapper.get('[data-testid="document-upload"] input[type="file"]')

    Object.defineProperty(input.element, 'files', { value: [file('合同.docx', 'application/msword', 100)], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(uploadContractDocument).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('只能上传 JPG、PNG 图片或 PDF 文件')

    const pdf = file('合同第2页.pdf', 'application/pdf', 2048)
    Object.defineProperty(input.element, 'files', { value: [pdf], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(uploadContractDocument).toHaveBeenCalledWith(11, pdf, { idempotencyKey: expect.any(String) })
    expect(wrapper.findAll('[data-testid="contract-document"]')).toHaveLength(2)
    expect(wrapper.emitted('changed')).toHaveLength(1)
  })

  it('shows a document fetched with the token from a blob URL', async () => {
    fetchContractDocument.mockResolvedValue(new Blob(['jpeg'], { type: 'image/jpeg' }))
    const createObjectURL = vi.fn(() => 'blob:contract-31')
    const revokeObjectURL = vi.fn()
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL }))
    const { wrapper } = await mountView(ContractDocuments, { props: { contractId: 11, documents: [DOCUMENT] } })

    await click(wrapper.get('[data-testid="document-view"]'))

    expect(fetchContractDocument).toHaveBeenCalledWith(31)
    const preview = document.querySelector('[data-testid="document-preview"] img')
    expect(preview.getAttribute('src')).toBe('blob:contract-31')
    vi.unstubAllGlobals()
  })

  it('deletes a document after asking, and replaces one by uploading the new file first', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    deleteContractDocument.mockResolvedValue(null)
    uploadContractDocument.mockResolvedValue({ ...DOCUMENT, id: 33, filename: '合同新.jpg' })
    const second = { ...DOCUMENT, id: 34, filename: '合同第3页.png', content_type: 'image/png' }
    const { wrapper } = await mountView(ContractDocuments, { props: { contractId: 11, documents: [DOCUMENT, second] } })

    const photo = file('合同新.jpg', 'image/jpeg', 4096)
    const replaceInput = wrapper.findAll('[data-testid="contract-document"]')[0].get('input[type="file"]')
    Object.defineProperty(replaceInput.element, 'files', { value: [photo], configurable: true })
    await replaceInput.trigger('change')
    await flushPromises()
    expect(uploadContractDocument).toHaveBeenCalledWith(11, photo, { idempotencyKey: expect.any(String) })
    expect(deleteContractDocument).toHaveBeenCalledWith(31, { idempotencyKey: expect.any(String) })
    expect(wrapper.findAll('[data-testid="contract-document"]')[0].text()).toContain('合同新.jpg')

    await click(wrapper.findAll('[data-testid="document-delete"]')[1])
    expect(deleteContractDocument).toHaveBeenLastCalledWith(34, { idempotencyKey: expect.any(String) })
    expect(wrapper.findAll('[data-testid="contract-document"]')).toHaveLength(1)
  })
})
