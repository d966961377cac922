import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import MyAttendance from '@/views/mobile/MyAttendance.vue'
import { getMyAttendance } from '@/api/attendance'
import { ApiError } from '@/api/request'
import { today } from '@/utils/format'
import { mountMobile } from './mountMobile'

vi.mock('@/api/attendance', () => ({ getMyAttendance: vi.fn() }))

const thisMonth = today().slice(0, 7)
const calendarOf = (month, days) => ({
  person_id: 12, name: '测试工人', month, days_worked: days.length,
  by_project: days.length ? [{ project_id: 3, project_name: '测试项目三', days_worked: days.length }] : [],
  days: days.map((day) => ({ day: `${month}-${day}`, first_in: `${month}-${day}T07:50:00+08:00`,
    last_out: `${month}-${day}T17:20:00+08:00`, projects: [] })),
})

describe('我的考勤 (the worker\'s phone)', () => {
  beforeEach(() => {
    getMyAttendance.mockImplementation(async (month) => calendarOf(month, month === thisMonth ? ['01', '02'] : []))
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it("shows this month's calendar and the days worked", async () => {
    const { wrapper } = await mountMobile(MyAttendance, '/m/attendance')

    expect(getMyAttendance).toHaveBeenCalledWith(thisMonth)
    expect(wrapper.get('[data-testid="m-attendance-month"]').text()).toBe(thisMonth)
    expect(wrapper.get('[data-testid="calendar-days-worked"]').text()).toBe('2')
    expect(wrapper.get(`[data-testid="calendar-day-${thisMonth}-01"]`).text()).toContain('07:50')
    expect(wrapper.get('[data-testid="calendar-by-project"]').text()).toContain('测试项目三')
    // no month after this one to look at
    expect(wrapper.get('[data-testid="m-attendance-next"]').attributes('disabled')).toBeDefined()
  })

  it('goes back a month', async () => {
    const { wrapper } = await mountMobile(MyAttendance, '/m/attendance')

    await wrapper.get('[data-testid="m-attendance-previous"]').trigger('click')
    await flushPromises()

    const [year, month] = thisMonth.split('-').map(Number)
    const previous = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`
    expect(getMyAttendance).toHaveBeenLastCalledWith(previous)
    expect(wrapper.get('[data-testid="calendar-none"]').text()).toBe('本月无考勤记录')
    expect(wrapper.get('[data-testid="m-attendance-next"]').attributes('disabled')).toBeUndefined()
  })

  it('says why when the calendar cannot be read', async () => {
    getMyAttendance.mockRejectedValue(new ApiError({ status: 403, code: 'FORBIDDEN', message: '无权访问' }))
    const { wrapper } = await mountMobile(MyAttendance, '/m/attendance')

    expect(wrapper.get('[data-testid="m-attendance-refusal"]').text()).toContain('无权访问')
  })
})
