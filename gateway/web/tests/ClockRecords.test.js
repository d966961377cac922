import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ClockRecords from '@/views/attendance/ClockRecords.vue'
import { getSiteCode, listClockRecords } from '@/api/attendance'
import { session } from '@/store/session'
import { today } from '@/utils/format'
import { chooseOption, mountView } from './mountView'

vi.mock('@/api/attendance', () => ({ listClockRecords: vi.fn(), getSiteCode: vi.fn() }))
// the live stream has its own tests (ClockRecordsLive.test.js): here it stays open and quiet
vi.mock('@/api/attendanceWarnings', () => ({
  streamRecords: vi.fn(async function* quiet(projectId, { signal }) {
    yield* await new Promise((resolve) => signal.addEventListener('abort', () => resolve([])))
  }),
}))

const RECORDS = [
  { id: 3, person_id: 7, name: '测试工人乙', device_name: '东门进口', occurred_at: '2026-12-01T17:31:00+08:00',
    direction: '02', method: '006', outcome: 'accepted', reason: null, late: true },
  { id: 2, person_id: 9, name: '测试工人丙', device_name: '东门进口', occurred_at: '2026-12-01T07:59:00+08:00',
    direction: '01', method: '001', outcome: 'refused', reason: 'NOT_ON_SITE', late: false },
  { id: 1, person_id: 7, name: '测试工人乙', device_name: '手机扫码', occurred_at: '2026-12-01T07:58:30+08:00',
    direction: '01', method: '010', outcome: 'duplicate', reason: null, late: false },
]

const rowOf = (wrapper, id) => wrapper.get(`[data-testid="record-outcome-${id}"]`).element.closest('tr')

describe('ClockRecords (出勤记录)', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    listClockRecords.mockResolvedValue({ items: RECORDS, total: 45 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it("shows today's records with their device, direction, method, outcome and reason", async () => {
    const { wrapper } = await mountView(ClockRecords)

    expect(listClockRecords).toHaveBeenCalledWith(3, { day: today(), page: 1, page_size: 20 })
    const out = rowOf(wrapper, 3).textContent
    expect(out).toContain('测试工人乙')
    expect(out).toContain('东门进口')
    expect(out).toContain('出')
    expect(out).toContain('考勤卡')
    expect(wrapper.get('[data-testid="record-outcome-3"]').text()).toBe('有效')
    expect(wrapper.get('[data-testid="record-outcome-2"]').text()).toBe('无效')
    expect(rowOf(wrapper, 2).textContent).toContain('不在场人员')
    expect(rowOf(wrapper, 2).textContent).toContain('人脸')
    expect(wrapper.get('[data-testid="record-outcome-1"]').text()).toBe('重复')
    expect(rowOf(wrapper, 1).textContent).toContain('扫码')
    expect(wrapper.get('.el-pagination').text()).toContain('45')
  })

  it('marks a record uploaded late', async () => {
    const { wrapper } = await mountView(ClockRecords)
    expect(wrapper.get('[data-testid="record-late-3"]').text()).toBe('补传')
    expect(wrapper.find('[data-testid="record-late-2"]').exists()).toBe(false)
  })

  it('filters by day, outcome and person, from the first page', async () => {
    const { wrapper } = await mountView(ClockRecords)
    await wrapper.get('[data-testid="records-day"] input').setValue('2026-11-30')
    await chooseOption(wrapper, 'records-outcome', '无效')
    await wrapper.get('[data-testid="records-person"]').setValue(' 9 ')

    await wrapper.get('[data-testid="records-filters"]').trigger('submit')
    await flushPromises()

    expect(listClockRecords).toHaveBeenLastCalledWith(3, {
      day: '2026-11-30', outcome: 'refused', person_id: '9', page: 1, page_size: 20,
    })
  })

  it('工地考勤码 shows the QR code the workers scan, and where it leads', async () => {
    getSiteCode.mockResolvedValue({ project_id: 3, url: 'https://rsmz.example.org/m/clock/3', qr_svg: '<svg></svg>' })
    const { wrapper } = await mountView(ClockRecords)

    await wrapper.get('[data-testid="site-code"]').trigger('click')
    await flushPromises()

    expect(getSiteCode).toHaveBeenCalledWith(3)
    expect(wrapper.get('[data-testid="site-code-url"]').text()).toBe('https://rsmz.example.org/m/clock/3')
    expect(wrapper.get('[data-testid="site-code-qr"]').attributes('src')).toContain('data:image/svg+xml')
  })
})
