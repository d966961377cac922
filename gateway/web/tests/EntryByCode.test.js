import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import MyCode from '@/views/mobile/MyCode.vue'
import ScanEntry from '@/views/site/ScanEntry.vue'
import { enterByCode, getMyCode, readCode } from '@/api/codes'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { mountMobile } from './mountMobile'
import { chooseOption, mountView, REFERENCE } from './mountView'

vi.mock('@/api/codes', () => ({
  getMyCode: vi.fn(),
  readCode: vi.fn(),
  enterByCode: vi.fn(),
  listAwaitingEntry: vi.fn(),
  enterAssigned: vi.fn(),
  listIrregularEntries: vi.fn(),
}))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))
vi.mock('@/api/enterprises', () => ({ listEnterprises: vi.fn(async () => ({ items: [], total: 0 })) }))
vi.mock('@/api/entries', () => ({ listTeamLeaders: vi.fn(async () => []), listEmployerTeamLeaders: vi.fn(async () => []) }))

const CODE = {
  token: 'AQAAAAc',
  short_code: 'ABCD2345',
  expires_at: '2026-11-30T08:01:00+00:00',
  lifetime_seconds: 60,
  qr_svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
}

const READING = {
  person: { id: 7, name: '扫码工人', gender: '1', id_number_masked: '310*****510' },
  project: { id: 5, name: '测试项目' },
  employment: null,
  assignment: { assignment_id: 3, state: 'confirmed', enterprise_id: 9, enterprise_name: '测试劳务', team_name: '木工班', trade: '240' },
  assignment_required: true,
  on_site_entry_id: null,
  prefill: { employer_id: 9, employer_name: '测试劳务', trade: '240', team_id: null, team_name: '木工班' },
  ticket: 'T.ticket',
}

describe('我的建设码', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    getMyCode.mockReset()
  })
  afterEach(() => vi.useRealTimers())

  it('shows the QR code and the typed code, and renews it before it expires', async () => {
    getMyCode.mockResolvedValueOnce(CODE).mockResolvedValueOnce({ ...CODE, short_code: 'WXYZ6789' })
    const { wrapper } = await mountMobile(MyCode, '/m/code')
    expect(wrapper.get('[data-testid="m-code-qr"]').attributes('src')).toMatch(/^data:image\/svg\+xml/)
    expect(wrapper.get('[data-testid="m-code-short"]').text()).toBe('ABCD 2345')
    expect(wrapper.get('[data-testid="m-code-remaining"]').text()).toMatch(/\d+ 秒后自动刷新/)
    await vi.advanceTimersByTimeAsync(58_000)
    await flushPromises()
    expect(getMyCode).toHaveBeenCalledTimes(2)
    expect(wrapper.get('[data-testid="m-code-short"]').text()).toBe('WXYZ 6789')
    wrapper.unmount()
  })
})

describe('扫码进场', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
    readCode.mockReset()
    enterByCode.mockReset()
  })

  it('reads a typed code, shows who it is, and enters them with the form filled in', async () => {
    readCode.mockResolvedValue(READING)
    enterByCode.mockResolvedValue({ id: 1, name: '扫码工人' })
    const { wrapper } = await mountView(ScanEntry)
    await wrapper.get('[data-testid="scan-code"]').setValue('abcd-2345')
    await wrapper.get('[data-testid="scan-read"]').trigger('click')
    await flushPromises()
    expect(readCode).toHaveBeenCalledWith('abcd-2345')
    expect(wrapper.get('[data-testid="scan-name"]').text()).toBe('扫码工人')
    expect(wrapper.get('[data-testid="scan-assignment-state"]').text()).toBe('已确认')
    expect(wrapper.get('[data-testid="scan-summary"]').text()).toContain('木工班')
    await chooseOption(wrapper, 'entry-education', '初中')
    await wrapper.get('[data-testid="scan-enter"]').trigger('click')
    await flushPromises()
    expect(enterByCode).toHaveBeenCalledWith('T.ticket', expect.objectContaining({ employer_id: 9, trade: '240', education: '02' }), expect.anything())
    expect(wrapper.get('[data-testid="scan-entered"]').text()).toContain('扫码工人 已进场')
    wrapper.unmount()
  })

  it('says why a code is refused, and warns of an unconfirmed assignment', async () => {
    readCode.mockRejectedValueOnce(new ApiError({ status: 422, code: 'CODE_EXPIRED', message: '建设码已过期，请工人刷新后重新出示' }))
    const { wrapper } = await mountView(ScanEntry)
    await wrapper.get('[data-testid="scan-code"]').setValue('ABCD2345')
    await wrapper.get('[data-testid="scan-read"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="scan-error"]').text()).toContain('建设码已过期')

    readCode.mockResolvedValueOnce({ ...READING, assignment: { ...READING.assignment, state: 'pending' } })
    await wrapper.get('[data-testid="scan-read"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="scan-assignment-state"]').text()).toBe('待确认')
    expect(wrapper.find('[data-testid="scan-not-confirmed"]').exists()).toBe(true)
    wrapper.unmount()
  })
})
