import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AttendanceDay from '@/views/attendance/AttendanceDay.vue'
import AttendanceCalendar from '@/views/attendance/AttendanceCalendar.vue'
import { shiftMonth } from '@/views/attendance/monthStep'
import {
  exportAttendance, getAttendanceDay, getAttendancePeriod, getPersonAttendance, listPeriodPeople,
} from '@/api/attendance'
import { saveBlob } from '@/utils/download'
import { session } from '@/store/session'
import { today } from '@/utils/format'
import { mountView } from './mountView'

vi.mock('@/api/attendance', () => ({
  getAttendanceDay: vi.fn(),
  getAttendancePeriod: vi.fn(),
  listPeriodPeople: vi.fn(),
  exportAttendance: vi.fn(),
  getPersonAttendance: vi.fn(),
}))
vi.mock('@/utils/download', () => ({ saveBlob: vi.fn() }))

const DAY = {
  day: '2026-12-02', on_site: 2, attended: 1, rate: 0.5, by_team: [], by_employer: [],
  people: [{ person_id: 7, name: '测试工人乙', employer_name: '示例劳务有限公司', team_name: '钢筋一班',
    first_in: '2026-12-02T07:58:00+08:00', last_out: null }],
}
const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']
const WEEK = {
  view: 'week', start: '2026-11-30', end: '2026-12-06', on_site: 2, attended: 2, person_days_on_site: 14,
  person_days_attended: 3, rate: 0.2143,
  days: days.map((day, index) => ({ day, on_site: 2, attended: index < 3 ? 1 : 0, rate: index < 3 ? 0.5 : 0 })),
  by_team: [{ team: '钢筋一班', people: 1, on_site: 7, attended: 2, rate: 0.2857 },
    { team: null, people: 1, on_site: 7, attended: 1, rate: 0.1429 }],
  by_employer: [{ employer: '示例劳务有限公司', people: 2, on_site: 14, attended: 3, rate: 0.2143 }],
}
const PEOPLE = {
  items: [{ person_id: 7, name: '测试工人乙', id_number_masked: '110*****237', employer_name: '示例劳务有限公司',
    team_name: '钢筋一班', days_on_site: 7, days_attended: 2,
    days: [{ day: '2026-11-30', first_in: '2026-11-30T07:55:00+08:00', last_out: '2026-11-30T17:30:00+08:00' },
      { day: '2026-12-02', first_in: null, last_out: '2026-12-02T17:00:00+08:00' }] }],
  total: 1, page: 1, page_size: 20,
}
const CALENDAR = {
  person_id: 7, name: '测试工人乙', month: '2026-12', days_worked: 2,
  by_project: [{ project_id: 3, project_name: '测试项目三', days_worked: 2 }],
  days: [
    { day: '2026-12-01', first_in: '2026-12-01T07:50:00+08:00', last_out: '2026-12-01T17:20:00+08:00', projects: [] },
    { day: '2026-12-02', first_in: '2026-12-02T07:58:00+08:00', last_out: null, projects: [] },
  ],
}

const rowsOf = (root, testId) => [...root.querySelectorAll(`[data-testid="${testId}"] tbody tr`)].map((tr) => tr.textContent)
const click = async (element) => {
  await element.trigger('click')
  await flushPromises()
}

describe('出勤一览表 by 日 / 周 / 月', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    getAttendanceDay.mockResolvedValue(DAY)
    getAttendancePeriod.mockResolvedValue(WEEK)
    listPeriodPeople.mockResolvedValue(PEOPLE)
    getPersonAttendance.mockResolvedValue(CALENDAR)
    exportAttendance.mockResolvedValue(new Blob(['xlsx']))
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('周 shows the week of the chosen day: each day, by 班组 and by 用人单位 in person-days', async () => {
    const { wrapper } = await mountView(AttendanceDay)
    await wrapper.get('[data-testid="day-picker"] input').setValue('2026-12-02')

    await click(wrapper.get('[data-testid="view-week"] input'))

    expect(getAttendancePeriod).toHaveBeenLastCalledWith(3, 'week', '2026-12-02')
    expect(wrapper.get('[data-testid="period-range"]').text()).toContain('2026-11-30 至 2026-12-06')
    expect(wrapper.get('[data-testid="period-rate"]').text()).toContain('21.4%')
    const perDay = rowsOf(document, 'period-days')
    expect(perDay).toHaveLength(7)
    expect(perDay[0]).toContain('2026-11-30 (一)')
    expect(perDay[0]).toContain('50.0%')
    const teams = rowsOf(document, 'period-by-team')
    expect(teams[0]).toContain('钢筋一班')
    expect(teams[1]).toContain('未分班组')
    expect(rowsOf(document, 'period-by-employer')[0]).toContain('示例劳务有限公司')
    expect(wrapper.find('[data-testid="day-on-site"]').exists()).toBe(false)
  })

  it('月 asks for the month, and 查询 asks again for another day', async () => {
    const { wrapper } = await mountView(AttendanceDay)

    await click(wrapper.get('[data-testid="view-month"] input'))
    expect(getAttendancePeriod).toHaveBeenLastCalledWith(3, 'month', today())

    await wrapper.get('[data-testid="day-picker"] input').setValue('2026-11-15')
    await click(wrapper.get('[data-testid="day-search"]'))
    expect(getAttendancePeriod).toHaveBeenLastCalledWith(3, 'month', '2026-11-15')

    await click(wrapper.get('[data-testid="view-day"] input'))
    expect(getAttendanceDay).toHaveBeenLastCalledWith(3, '2026-11-15')
  })

  it('更多 lists each person with the days attended, first in and last out', async () => {
    const { wrapper } = await mountView(AttendanceDay)
    await click(wrapper.get('[data-testid="view-week"] input'))

    await click(wrapper.get('[data-testid="period-more"]'))

    expect(listPeriodPeople).toHaveBeenCalledWith(3, 'week', today(), { name: undefined, page: 1, page_size: 20 })
    const [row] = rowsOf(document, 'period-people')
    expect(row).toContain('测试工人乙')
    expect(row).toContain('110*****237')
    expect(row).toContain('11-30 07:55–17:30')
    expect(row).toContain('12-02 —–17:00')
  })

  it('导出 downloads the view shown as .xlsx', async () => {
    const { wrapper } = await mountView(AttendanceDay)
    await wrapper.get('[data-testid="day-picker"] input').setValue('2026-12-02')
    await click(wrapper.get('[data-testid="view-month"] input'))

    await click(wrapper.get('[data-testid="attendance-export"]'))

    expect(exportAttendance).toHaveBeenCalledWith(3, 'month', '2026-12-02')
    expect(saveBlob).toHaveBeenCalledWith(expect.any(Blob), '出勤一览表-2026-12-02.xlsx')
  })

  it("the day's 更多 opens a person's 考勤日历 of that month on this project", async () => {
    const { wrapper } = await mountView(AttendanceDay)
    await click(wrapper.get('[data-testid="day-more"]'))

    await click(wrapper.get('[data-testid="day-person-calendar"]'))

    expect(getPersonAttendance).toHaveBeenCalledWith(7, '2026-12', 3)
    const dialog = document.querySelector('[data-testid="person-calendar-dialog"]')
    expect(dialog.textContent).toContain('考勤日历 — 测试工人乙')
    expect(dialog.querySelector('[data-testid="calendar-days-worked"]').textContent).toBe('2')
  })

  it('the calendar steps to the previous month', async () => {
    const { wrapper } = await mountView(AttendanceDay)
    await click(wrapper.get('[data-testid="day-more"]'))
    await click(wrapper.get('[data-testid="day-person-calendar"]'))

    document.querySelector('[data-testid="calendar-previous"]').click()
    await flushPromises()

    expect(getPersonAttendance).toHaveBeenLastCalledWith(7, '2026-11', 3)
  })
})

describe('AttendanceCalendar', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('lays the month out from Monday, the days worked marked with their first in and last out', async () => {
    const { wrapper } = await mountView(AttendanceCalendar, { props: { calendar: CALENDAR } })

    const weeks = wrapper.findAll('tbody tr')
    expect(weeks).toHaveLength(5) // December 2026 begins on a Tuesday and ends on a Thursday
    expect(weeks[0].findAll('td')[0].text()).toBe('')
    expect(weeks[0].findAll('td')[1].text()).toContain('1')
    const first = wrapper.get('[data-testid="calendar-day-2026-12-01"]')
    expect(first.classes()).toContain('worked')
    expect(first.text()).toContain('07:50')
    expect(first.text()).toContain('17:20')
    expect(wrapper.get('[data-testid="calendar-day-2026-12-02"]').text()).toContain('—')
    expect(wrapper.get('[data-testid="calendar-day-2026-12-03"]').classes()).not.toContain('worked')
    expect(wrapper.get('[data-testid="calendar-by-project"]').text()).toContain('测试项目三')
    expect(wrapper.get('[data-testid="calendar-by-project"]').text()).toContain('2 天')
  })

  it('says so when the month has no attendance', async () => {
    const { wrapper } = await mountView(AttendanceCalendar, {
      props: { calendar: { ...CALENDAR, days_worked: 0, days: [], by_project: [] } },
    })
    expect(wrapper.get('[data-testid="calendar-none"]').text()).toBe('本月无考勤记录')
    expect(wrapper.get('[data-testid="calendar-days-worked"]').text()).toBe('0')
  })

  it('months step across the year', () => {
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2027-01', -1)).toBe('2026-12')
    expect(shiftMonth('2026-06', -18)).toBe('2024-12')
  })
})
