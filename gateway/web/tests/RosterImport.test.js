import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import EmploymentList from '@/views/employment/EmploymentList.vue'
import RosterImportDialog from '@/views/employment/RosterImportDialog.vue'
import { listEmployments } from '@/api/employments'
import { downloadImportReport, downloadImportTemplate, getImport, listImports, startImport } from '@/api/imports'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { saveBlob } from '@/utils/download'
import { EMPLOYMENT_REFERENCE } from './fixtures/employmentReference'
import { formErrorsShown, itemError, mountView } from './mountView'

vi.mock('@/api/employments', () => ({
  listEmployments: vi.fn(),
  requestEmployment: vi.fn(),
  renewActivation: vi.fn(),
  withdrawEmployment: vi.fn(),
  approveResignation: vi.fn(),
  refuseResignation: vi.fn(),
  dismissEmployee: vi.fn(),
  transferOut: vi.fn(),
}))
vi.mock('@/api/imports', () => ({
  downloadImportTemplate: vi.fn(),
  startImport: vi.fn(),
  getImport: vi.fn(),
  listImports: vi.fn(),
  downloadImportReport: vi.fn(),
}))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))
vi.mock('@/utils/download', () => ({ saveBlob: vi.fn() }))

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function job(overrides = {}) {
  return {
    id: 7,
    enterprise_id: 3,
    filename: '花名册.xlsx',
    state: 'queued',
    total_rows: 3,
    processed_rows: 0,
    accepted_rows: 0,
    refused_rows: 0,
    failure: null,
    requested_by: 'ent_user',
    created_at: '2026-11-30T01:00:00+00:00',
    finished_at: null,
    ...overrides,
  }
}

const DONE = job({ state: 'done', processed_rows: 3, accepted_rows: 2, refused_rows: 1, finished_at: '2026-11-30T01:00:05+00:00' })

function workbook(name = '花名册.xlsx', { size, type = XLSX } = {}) {
  const file = new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], name, { type })
  if (size !== undefined) Object.defineProperty(file, 'size', { value: size })
  return file
}

async function choose(wrapper, file) {
  const input = wrapper.get('[data-testid="import-file-input"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

async function start(wrapper) {
  await wrapper.get('[data-testid="import-start"]').trigger('click')
  await flushPromises()
}

const mountDialog = () => mountView(RosterImportDialog, { props: { pollMs: 5 } })
const progressText = (wrapper) => wrapper.get('[data-testid="import-progress-text"]').text()
const percentOf = (wrapper) => wrapper.get('[data-testid="import-progress"]').attributes('aria-valuenow')

describe('RosterImportDialog (花名册导入)', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(EMPLOYMENT_REFERENCE)
    listEmployments.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 20 })
    listImports.mockResolvedValue({ items: [], total: 0, page: 1, page_size: 5 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('opens from 批量导入 on 聘用管理 and downloads the template with the token', async () => {
    const blob = new Blob(['template'], { type: XLSX })
    downloadImportTemplate.mockResolvedValue(blob)
    const { wrapper } = await mountView(EmploymentList)

    await wrapper.get('[data-testid="employments-import"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="import-dialog"]').text()).toContain('花名册导入')
    await wrapper.get('[data-testid="import-template"]').trigger('click')
    await flushPromises()

    expect(downloadImportTemplate).toHaveBeenCalled()
    expect(saveBlob).toHaveBeenCalledWith(blob, '花名册导入模板.xlsx')
  })

  it('uploads the file with one idempotency key, shows the progress until done, then the summary', async () => {
    startImport.mockResolvedValue(job())
    // each poll waits for the answer the test gives it
    const polls = []
    getImport.mockImplementation(() => new Promise((resolve) => polls.push(resolve)))
    const answer = async (n, value) => {
      await vi.waitFor(() => expect(polls).toHaveLength(n))
      polls[n - 1](value)
      await flushPromises()
    }
    const imported = vi.fn()
    const { wrapper } = await mountView(RosterImportDialog, { props: { pollMs: 5, onImported: imported } })
    const file = workbook()

    await choose(wrapper, file)
    expect(wrapper.get('[data-testid="import-file-name"]').text()).toContain('花名册.xlsx')
    await start(wrapper)

    expect(startImport).toHaveBeenCalledWith(file, { idempotencyKey: expect.any(String) })
    expect(progressText(wrapper)).toBe('已处理 0 / 3 行，导入成功 0 条，未导入 0 条')
    expect(percentOf(wrapper)).toBe('0')
    await answer(1, job({ state: 'running', processed_rows: 0 }))
    await answer(2, job({ state: 'running', processed_rows: 2, accepted_rows: 1, refused_rows: 1 }))
    expect(percentOf(wrapper)).toBe('66')
    expect(progressText(wrapper)).toBe('已处理 2 / 3 行，导入成功 1 条，未导入 1 条')
    expect(wrapper.find('[data-testid="import-summary"]').exists()).toBe(false)
    expect(imported).not.toHaveBeenCalled()
    await answer(3, DONE)

    expect(wrapper.get('[data-testid="import-summary"]').text()).toContain('导入成功 2 条，未导入 1 条')
    expect(percentOf(wrapper)).toBe('100')
    expect(getImport).toHaveBeenCalledWith(7)
    expect(imported).toHaveBeenCalledTimes(1)
    expect(listImports).toHaveBeenCalledTimes(2)
    // polling ends with the import
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(getImport).toHaveBeenCalledTimes(3)
  })

  it('downloads the report of the rows not imported', async () => {
    const report = new Blob(['report'], { type: XLSX })
    startImport.mockResolvedValue(job())
    getImport.mockResolvedValue(DONE)
    downloadImportReport.mockResolvedValue(report)
    const { wrapper } = await mountDialog()
    await choose(wrapper, workbook())
    await start(wrapper)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="import-report"]').exists()).toBe(true))

    await wrapper.get('[data-testid="import-report"]').trigger('click')
    await flushPromises()

    expect(downloadImportReport).toHaveBeenCalledWith(7)
    expect(saveBlob).toHaveBeenCalledWith(report, '导入结果-7.xlsx')
  })

  it('offers no report when every row was imported', async () => {
    startImport.mockResolvedValue(job())
    getImport.mockResolvedValue(job({ state: 'done', processed_rows: 3, accepted_rows: 3 }))
    const { wrapper } = await mountDialog()
    await choose(wrapper, workbook())
    await start(wrapper)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="import-summary"]').exists()).toBe(true))

    expect(wrapper.get('[data-testid="import-summary"]').text()).toContain('导入成功 3 条，未导入 0 条')
    expect(wrapper.find('[data-testid="import-report"]').exists()).toBe(false)
  })

  it('shows the server’s refusal of the file under the file and starts no progress', async () => {
    startImport.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'INVALID_INPUT',
        message: '提交的信息有误',
        fields: { file: '缺少必填的列（姓名、证件号），请使用导入模板' },
      }),
    )
    const { wrapper } = await mountDialog()
    await choose(wrapper, workbook())

    await start(wrapper)
    await formErrorsShown()

    expect(itemError(wrapper, 'import-file-input')).toBe('缺少必填的列（姓名、证件号），请使用导入模板')
    expect(wrapper.find('[data-testid="import-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="import-progress"]').exists()).toBe(false)
    expect(getImport).not.toHaveBeenCalled()
  })

  it('shows a refusal that names no field above the form', async () => {
    startImport.mockRejectedValue(new ApiError({ status: 403, code: 'FORBIDDEN', message: '无权执行此操作' }))
    const { wrapper } = await mountDialog()
    await choose(wrapper, workbook())

    await start(wrapper)

    expect(wrapper.get('[data-testid="import-error"]').text()).toContain('无权执行此操作')
  })

  it('checks the extension and the size before sending, and asks for a file', async () => {
    const { wrapper } = await mountDialog()

    await start(wrapper)
    await formErrorsShown()
    expect(itemError(wrapper, 'import-file-input')).toBe('请选择要导入的文件')

    await choose(wrapper, workbook('花名册.xls', { type: 'application/vnd.ms-excel' }))
    await formErrorsShown()
    expect(itemError(wrapper, 'import-file-input')).toBe('请选择 .xlsx 格式的 Excel 文件')
    expect(wrapper.find('[data-testid="import-file-name"]').exists()).toBe(false)

    await choose(wrapper, workbook('大花名册.xlsx', { size: 30 * 1024 * 1024 + 1 }))
    await formErrorsShown()
    expect(itemError(wrapper, 'import-file-input')).toBe('文件不能超过 30 MB')

    await start(wrapper)
    expect(startImport).not.toHaveBeenCalled()

    await choose(wrapper, workbook('花名册.XLSX', { size: 30 * 1024 * 1024 }))
    await formErrorsShown()
    expect(itemError(wrapper, 'import-file-input')).toBe('')
  })

  it('keeps asking for the progress through an outage', async () => {
    startImport.mockResolvedValue(job())
    getImport
      .mockRejectedValueOnce(new ApiError({ status: 503, code: 'SERVICE_UNAVAILABLE', message: '服务暂不可用' }))
      .mockResolvedValueOnce(DONE)
    const { wrapper } = await mountDialog()
    await choose(wrapper, workbook())
    await start(wrapper)

    await vi.waitFor(() => expect(wrapper.find('[data-testid="import-summary"]').exists()).toBe(true))
    expect(wrapper.find('[data-testid="import-poll-error"]').exists()).toBe(false)
  })

  it('reloads 聘用管理’s list once the import is done', async () => {
    startImport.mockResolvedValue(job())
    getImport.mockResolvedValue(DONE)
    const { wrapper } = await mountView(EmploymentList)
    await wrapper.get('[data-testid="employments-import"]').trigger('click')
    await flushPromises()
    expect(listEmployments).toHaveBeenCalledTimes(1)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      await choose(wrapper, workbook())
      await start(wrapper)
      await vi.advanceTimersByTimeAsync(1000)
      await flushPromises()
    } finally {
      vi.useRealTimers()
    }

    expect(getImport).toHaveBeenCalledTimes(1)
    expect(wrapper.get('[data-testid="import-summary"]').text()).toContain('导入成功 2 条，未导入 1 条')
    expect(listEmployments).toHaveBeenCalledTimes(2)
  })

  it('lists earlier imports with their reports', async () => {
    listImports.mockResolvedValue({ items: [DONE, job({ id: 6, state: 'done', accepted_rows: 3, processed_rows: 3 })], total: 2, page: 1, page_size: 5 })
    downloadImportReport.mockResolvedValue(new Blob(['report']))
    const { wrapper } = await mountDialog()

    expect(listImports).toHaveBeenCalledWith({ page: 1, page_size: 5 })
    const rows = wrapper.findAll('[data-testid="import-history"] .el-table__body-wrapper tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('花名册.xlsx')
    expect(rows[0].text()).toContain('已完成')
    expect(rows[1].find('[data-testid="import-history-report"]').exists()).toBe(false)

    await rows[0].get('[data-testid="import-history-report"]').trigger('click')
    await flushPromises()
    expect(downloadImportReport).toHaveBeenCalledWith(7)
  })

  it('stops asking once an import has failed and says so', async () => {
    startImport.mockResolvedValue(job())
    getImport.mockResolvedValue(job({ state: 'failed', processed_rows: 1, refused_rows: 1, failure: 'NOT_A_WORKBOOK' }))
    const { wrapper } = await mountDialog()
    await choose(wrapper, workbook())
    await start(wrapper)

    await vi.waitFor(() => expect(wrapper.find('[data-testid="import-failed"]').exists()).toBe(true))
    expect(wrapper.get('[data-testid="import-failed"]').text()).toContain('导入失败')
    expect(wrapper.find('[data-testid="import-report"]').exists()).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(getImport).toHaveBeenCalledTimes(1)
  })

  it('follows an earlier import that is still running', async () => {
    listImports.mockResolvedValue({ items: [job({ id: 5, state: 'running', processed_rows: 1 })], total: 1, page: 1, page_size: 5 })
    getImport.mockResolvedValue(job({ id: 5, state: 'done', processed_rows: 3, accepted_rows: 3 }))
    const { wrapper } = await mountView(RosterImportDialog, { props: { pollMs: 500 } })

    await wrapper.get('[data-testid="import-history-follow"]').trigger('click')
    await flushPromises()
    expect(progressText(wrapper)).toBe('已处理 1 / 3 行，导入成功 0 条，未导入 0 条')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="import-summary"]').exists()).toBe(true), { timeout: 3000 })
    expect(getImport).toHaveBeenCalledWith(5)
    expect(wrapper.get('[data-testid="import-summary"]').text()).toContain('导入成功 3 条，未导入 0 条')
  })
})
