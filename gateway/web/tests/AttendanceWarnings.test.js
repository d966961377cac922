import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AttendanceWarnings from '@/views/attendance/AttendanceWarnings.vue'
import { getProjectWarnings, listLowRates, listWarnings } from '@/api/attendanceWarnings'
import { exitEntries } from '@/api/entries'
import { session } from '@/store/session'
import { today } from '@/utils/format'
import { mountView } from './mountView'

vi.mock('@/api/attendanceWarnings', () => ({
  getProjectWarnings: vi.fn(), listWarnings: vi.fn(), listLowRates: vi.fn(),
}))
vi.mock('@/api/entries', () => ({ exitEntries: vi.fn() }))
vi.mock('@/store/reference', () => ({
  useReference: () => ({ options: () => [{ value: 'good', label: '良' }, { value: 'bad', label: '差' }] }),
}))

const ABSENT = [
  { project_id: 3, entry_id: 41, person_id: 7, name: '缺勤工人甲', team_name: '张队长', employer_name: '测试劳务有限公司',
    entry_date: '2026-11-01', last_attended_day: '2026-11-25', days_absent: 5, spell_start: '2026-11-26' },
  { project_id: 3, entry_id: 42, person_id: 8, name: '缺勤工人乙', team_name: null, employer_name: null,
    entry_date: '2026-11-26', last_attended_day: null, days_absent: 3, spell_start: '2026-11-26' },
]
const RATE = { project_id: 3, days: 7, threshold: 0.7, from: '2026-11-24', to: '2026-11-30', on_site_days: 20,
  attended_days: 11, rate: 0.55, low: true }

const rowOf = (wrapper, entryId) => wrapper.get(`[data-testid="days-absent-${entryId}"]`).element.closest('tr')

describe('AttendanceWarnings (考勤预警)', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    getProjectWarnings.mockResolvedValue({ warning_days: 3, items: ABSENT, rate: RATE })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('lists who has not clocked for days, with team, employer and last attended day, and the low rate', async () => {
    const { wrapper } = await mountView(AttendanceWarnings)

    expect(getProjectWarnings).toHaveBeenCalledWith(3)
    const first = rowOf(wrapper, 41).textContent
    expect(first).toContain('缺勤工人甲')
    expect(first).toContain('张队长')
    expect(first).toContain('测试劳务有限公司')
    expect(first).toContain('2026-11-25')
    expect(wrapper.get('[data-testid="days-absent-41"]').text()).toBe('5')
    expect(rowOf(wrapper, 42).textContent).toContain('从未考勤')
    const banner = wrapper.get('[data-testid="rate-banner"]').text()
    expect(banner).toContain('55.0%')
    expect(banner).toContain('70.0%')
    expect(banner).toContain('考勤率预警')
  })

  it('一键退场: confirms with today as the exit date, and the row goes', async () => {
    exitEntries.mockResolvedValue({ exited: [{ id: 41, name: '缺勤工人甲' }], refused: [] })
    const { wrapper } = await mountView(AttendanceWarnings)

    await wrapper.get('[data-testid="warning-exit-41"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid="exit-dialog"]')).not.toBeNull()
    expect(document.querySelector('[data-testid="exit-date"] input').value).toBe(today())
    document.querySelector('[data-testid="exit-submit"]').click()
    await flushPromises()

    expect(exitEntries).toHaveBeenCalledWith(expect.objectContaining({ entry_ids: [41], exit_date: today() }),
      expect.anything())
    expect(wrapper.find('[data-testid="days-absent-41"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="days-absent-42"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="exit-result"]').text()).toContain('缺勤工人甲')
  })

  it('shows a refused exit and keeps the row', async () => {
    exitEntries.mockResolvedValue({ exited: [], refused: [
      { entry_id: 41, name: '缺勤工人甲', error: 'EXIT_BEFORE_ENTRY', message: '缺勤工人甲：退场日期早于进场日期' }] })
    const { wrapper } = await mountView(AttendanceWarnings)

    await wrapper.get('[data-testid="warning-exit-41"]').trigger('click')
    await flushPromises()
    document.querySelector('[data-testid="exit-submit"]').click()
    await flushPromises()

    expect(wrapper.get('[data-testid="exit-result"]').text()).toContain('退场日期早于进场日期')
    expect(wrapper.find('[data-testid="days-absent-41"]').exists()).toBe(true)
  })

  it("the authority sees every project's warnings and the projects whose rate is low, without 退场", async () => {
    session.account = { username: 'authority', role: 'authority' }
    listWarnings.mockResolvedValue({ warning_days: 3, items: ABSENT })
    listLowRates.mockResolvedValue([{ ...RATE, low_since: '2026-12-01T02:00:00+00:00' }])
    const { wrapper } = await mountView(AttendanceWarnings)

    expect(getProjectWarnings).not.toHaveBeenCalled()
    expect(rowOf(wrapper, 41).textContent).toContain('缺勤工人甲')
    expect(wrapper.find('[data-testid="warning-exit-41"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="low-rate-3"]').text()).toBe('55.0%')
  })
})
