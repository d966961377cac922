import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import AttendanceDay from '@/views/attendance/AttendanceDay.vue'
import { getAttendanceDay } from '@/api/attendance'
import { session } from '@/store/session'
import { today } from '@/utils/format'
import { mountView } from './mountView'

vi.mock('@/api/attendance', () => ({ getAttendanceDay: vi.fn() }))

const DAY = {
  day: '2026-12-01', on_site: 40, attended: 34, rate: 0.85,
  by_team: [{ team: '钢筋一班', on_site: 25, attended: 24 }, { team: '木工二班', on_site: 15, attended: 10 }],
  by_employer: [{ employer: '示例劳务有限公司', on_site: 40, attended: 34 }],
  people: [
    { person_id: 7, name: '测试工人乙', employer_name: '示例劳务有限公司', team_name: '钢筋一班',
      first_in: '2026-12-01T07:58:00+08:00', last_out: '2026-12-01T17:31:00+08:00' },
    { person_id: 8, name: '测试工人甲', employer_name: '示例劳务有限公司', team_name: '木工二班',
      first_in: null, last_out: null },
  ],
}

const rowsOf = (wrapper, testId) => wrapper.findAll(`[data-testid="${testId}"] tbody tr`).map((tr) => tr.text())
const click = async (element) => {
  await element.trigger('click')
  await flushPromises()
}

describe('AttendanceDay (出勤一览表)', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    getAttendanceDay.mockResolvedValue(DAY)
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it("shows today's 在场人数, 出勤人数 and 出勤率", async () => {
    const { wrapper } = await mountView(AttendanceDay)

    expect(getAttendanceDay).toHaveBeenCalledWith(3, today())
    expect(wrapper.get('[data-testid="day-on-site"]').text()).toContain('40')
    expect(wrapper.get('[data-testid="day-attended"]').text()).toContain('34')
    expect(wrapper.get('[data-testid="day-rate"]').text()).toContain('85.0%')
  })

  it('tables by 班组 and by 用人单位, each with its rate', async () => {
    const { wrapper } = await mountView(AttendanceDay)

    const teams = rowsOf(wrapper, 'day-by-team')
    expect(teams[0]).toContain('钢筋一班')
    expect(teams[0]).toContain('96.0%')
    expect(teams[1]).toContain('木工二班')
    expect(teams[1]).toContain('66.7%')
    expect(rowsOf(wrapper, 'day-by-employer')[0]).toContain('示例劳务有限公司')
  })

  it('更多 lists the people with their first in and last out, and who did not come', async () => {
    const { wrapper } = await mountView(AttendanceDay)

    await click(wrapper.get('[data-testid="day-more"]'))

    expect(wrapper.get('[data-testid="day-people-dialog"]').text()).toContain('2026-12-01')
    const [came, absent] = rowsOf(wrapper, 'day-people')
    expect(came).toContain('测试工人乙')
    expect(came).toMatch(/\d\d:58/)
    expect(came).toMatch(/\d\d:31/)
    expect(absent).toContain('测试工人甲')
    expect(absent).toContain('未出勤')
  })

  it('another day is asked for by the picker', async () => {
    const { wrapper } = await mountView(AttendanceDay)
    await wrapper.get('[data-testid="day-picker"] input').setValue('2026-11-28')

    await click(wrapper.get('[data-testid="day-search"]'))

    expect(getAttendanceDay).toHaveBeenLastCalledWith(3, '2026-11-28')
  })
})
