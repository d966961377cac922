import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ClockIn from '@/views/mobile/ClockIn.vue'
import { clockInByCode } from '@/api/attendance'
import { ApiError } from '@/api/request'
import { i18n, setLocale } from '@/i18n'

vi.mock('@/api/attendance', () => ({ clockInByCode: vi.fn() }))

async function mountClock() {
  setLocale('zh-CN')
  const wrapper = mount(ClockIn, { props: { projectId: '3' }, global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function confirm(wrapper) {
  await wrapper.get('[data-testid="m-clock-confirm"]').trigger('click')
  await flushPromises()
}

describe('ClockIn (扫码考勤, the worker’s mobile page)', () => {
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('clocks the worker in on the project of the code they scanned', async () => {
    clockInByCode.mockResolvedValue({ id: 9, outcome: 'accepted', occurred_at: '2026-12-01T07:58:00+08:00' })
    const wrapper = await mountClock()

    await confirm(wrapper)

    expect(clockInByCode).toHaveBeenCalledWith(3)
    expect(wrapper.get('[data-testid="m-clock-result"]').text()).toContain('考勤成功')
    expect(wrapper.get('[data-testid="m-clock-result"]').text()).toMatch(/\d{4}-\d\d-\d\d \d\d:58/)
  })

  it('says why a clock-in was refused', async () => {
    clockInByCode.mockResolvedValue({ id: 10, outcome: 'refused', reason: 'NOT_ON_SITE' })
    const wrapper = await mountClock()

    await confirm(wrapper)

    expect(wrapper.get('[data-testid="m-clock-result"]').text()).toContain('考勤未成功')
    expect(wrapper.get('[data-testid="m-clock-result"]').text()).toContain('不在场人员')
  })

  it('shows the server’s refusal and lets the worker try again', async () => {
    clockInByCode.mockRejectedValue(new ApiError({ status: 409, code: 'NOT_ON_SITE', message: '您不在该项目的在场人员中' }))
    const wrapper = await mountClock()

    await confirm(wrapper)

    expect(wrapper.get('[data-testid="m-clock-refusal"]').text()).toContain('您不在该项目的在场人员中')
    expect(wrapper.find('[data-testid="m-clock-confirm"]').exists()).toBe(true)
  })
})
