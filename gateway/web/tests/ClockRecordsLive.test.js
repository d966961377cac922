import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ClockRecords from '@/views/attendance/ClockRecords.vue'
import { listClockRecords } from '@/api/attendance'
import { parseEvent, streamRecords } from '@/api/attendanceWarnings'
import { download } from '@/api/request'
import { session } from '@/store/session'
import { today } from '@/utils/format'
import { mountView } from './mountView'

vi.mock('@/api/attendance', () => ({ listClockRecords: vi.fn(), getSiteCode: vi.fn(), listFaces: vi.fn() }))
vi.mock('@/api/attendanceWarnings', async (original) => ({
  parseEvent: (await original()).parseEvent, streamRecords: vi.fn(),
}))
vi.mock('@/api/request', async (original) => ({ ...(await original()), download: vi.fn() }))

const at = (time) => `${today()}T${time}+08:00`
const OLDER = { id: 3, person_id: 7, name: '测试工人乙', device_name: '东门进口', occurred_at: at('07:31:00'),
  direction: '01', method: '006', outcome: 'accepted', reason: null, late: false, correction: null, has_photo: false }
const NEW = { id: 9, person_id: 8, name: '测试工人丙', device_name: '东门进口', occurred_at: at('08:02:00'),
  direction: '01', method: '001', outcome: 'accepted', reason: null, late: false, correction: null, has_photo: true }

/** A stream that sends `events`, then stays open until the page stops it. */
function streaming(...events) {
  return async function* stream(projectId, { signal }) {
    for (const event of events) yield event
    await new Promise((resolve) => signal.addEventListener('abort', resolve))
  }
}

const testIds = (wrapper) => [...wrapper.get('[data-testid="records-table"]').element.querySelectorAll('tbody tr')]
  .map((row) => row.querySelector('[data-testid^="record-outcome-"]').dataset.testid)

describe('出勤记录 live', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    listClockRecords.mockResolvedValue({ items: [OLDER], total: 1 })
    download.mockResolvedValue(new Blob(['jpeg'], { type: 'image/jpeg' }))
    globalThis.URL.createObjectURL = vi.fn(() => 'blob:thumbnail')
    globalThis.URL.revokeObjectURL = vi.fn()
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it("puts a record pushed while today's page is open at the top, marked 新, with its photo", async () => {
    streamRecords.mockImplementation(streaming(
      { event: 'ready', id: '3', data: '{"last_id":3}' },
      { event: 'record', id: '9', data: JSON.stringify(NEW) },
    ))
    const { wrapper } = await mountView(ClockRecords)
    await flushPromises()

    expect(streamRecords).toHaveBeenCalledWith(3, expect.objectContaining({ after: 3 }))  // the newest it has
    expect(wrapper.get('[data-testid="records-live"]').exists()).toBe(true)
    expect(testIds(wrapper)).toEqual(['record-outcome-9', 'record-outcome-3'])
    expect(wrapper.get('[data-testid="record-new-9"]').text()).toBe('新')
    expect(wrapper.find('[data-testid="record-new-3"]').exists()).toBe(false)
    expect(wrapper.get('.el-pagination').text()).toContain('2')
    expect(download).toHaveBeenCalledWith('/projects/3/attendance/records/9/photo')
    expect(wrapper.get('[data-testid="record-photo-9"]').attributes('src')).toBe('blob:thumbnail')
    expect(wrapper.find('[data-testid="record-photo-3"]').exists()).toBe(false)
  })

  it('leaves out a pushed record the filters do not let through', async () => {
    streamRecords.mockImplementation(streaming({ event: 'record', id: '9', data: JSON.stringify(NEW) }))
    listClockRecords.mockResolvedValue({ items: [], total: 0 })
    const { wrapper } = await mountView(ClockRecords)
    await wrapper.get('[data-testid="records-person"]').setValue('7')
    await wrapper.get('[data-testid="records-filters"]').trigger('submit')
    await flushPromises()

    expect(wrapper.find('[data-testid="record-outcome-9"]').exists()).toBe(false)
  })

  it('is not live on another day', async () => {
    streamRecords.mockImplementation(streaming())
    const { wrapper } = await mountView(ClockRecords)
    streamRecords.mockClear()
    await wrapper.get('[data-testid="records-day"] input').setValue('2026-11-30')
    await wrapper.get('[data-testid="records-filters"]').trigger('submit')
    await flushPromises()

    expect(streamRecords).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="records-live"]').exists()).toBe(false)
  })

  it('tags a record entered by 补卡', async () => {
    streamRecords.mockImplementation(streaming())
    listClockRecords.mockResolvedValue({ items: [{ ...OLDER, method: '011', reason: 'CORRECTION',
      correction: { reason: '人脸机故障', applicant: 'site_3', approver: 'site_3_reviewer' } }], total: 1 })
    const { wrapper } = await mountView(ClockRecords)

    expect(wrapper.get('[data-testid="record-correction-3"]').text()).toBe('补卡')
    expect(wrapper.get('[data-testid="record-outcome-3"]').element.closest('tr').textContent).toContain('补卡')
  })
})

describe('parseEvent (an event stream block)', () => {
  it('reads the event, its id and its data, and skips comments', () => {
    expect(parseEvent('id: 9\nevent: record\ndata: {"id":9}')).toEqual({ event: 'record', id: '9', data: '{"id":9}' })
    expect(parseEvent(': waiting')).toBeNull()
    expect(parseEvent('retry: 1000')).toBeNull()
  })
})
