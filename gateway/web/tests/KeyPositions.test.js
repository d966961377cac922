import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import KeyPositionBoard from '@/views/keyPositions/KeyPositionBoard.vue'
import KeyPositionReviews from '@/views/keyPositions/KeyPositionReviews.vue'
import {
  decideKeyPosition,
  decideKeyPositionExit,
  listKeyPositionProjects,
  listKeyPositionReviews,
  registerKeyPosition,
  requestKeyPositionExit,
  requiredKeyPositions,
} from '@/api/keyPositions'
import { ApiError } from '@/api/request'
import { session } from '@/store/session'
import { mountView } from './mountView'

vi.mock('@/api/keyPositions', () => ({
  listKeyPositionProjects: vi.fn(),
  requiredKeyPositions: vi.fn(),
  listKeyPositions: vi.fn(),
  listKeyPositionReviews: vi.fn(),
  registerKeyPosition: vi.fn(),
  decideKeyPosition: vi.fn(),
  requestKeyPositionExit: vi.fn(),
  decideKeyPositionExit: vi.fn(),
  fetchKeyPositionCertificate: vi.fn(),
}))

const HOLDER = {
  id: 41, person_name: '测试经理甲', id_number_masked: '310*****123', position: 'project_manager', state: 'approved',
  entered_on: '2026-11-30', enterprise_name: '测试建设集团', exit_on: null,
}
const UNITS = [{
  participant_id: 5, enterprise_id: 3, enterprise_name: '测试建设集团', role: 'general_contractor',
  positions: [
    { position: 'project_manager', single: true, filled: true, holders: [HOLDER], pending: [] },
    { position: 'technical_director', single: true, filled: false, holders: [], pending: [] },
  ],
}]

const rowsOf = (wrapper, testId) => wrapper.findAll(`[data-testid="${testId}"] .el-table__body-wrapper tbody tr`)

async function click(target) {
  await target.trigger('click')
  await flushPromises()
}

describe('关键岗位 (the enterprise)', () => {
  beforeEach(() => {
    session.account = { username: 'gc', role: 'enterprise', scope_name: '测试建设集团' }
    listKeyPositionProjects.mockResolvedValue([{ project_id: 9, name: '测试项目', registration_number: 'KP1' }])
    requiredKeyPositions.mockResolvedValue({ project_id: 9, units: UNITS })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('shows each position with its person or 未登记, and offers 入场注册 only where the position is free', async () => {
    const { wrapper } = await mountView(KeyPositionBoard)
    expect(requiredKeyPositions).toHaveBeenCalledWith(9)
    const rows = rowsOf(wrapper, 'key-positions-table')
    expect(rows[0].text()).toContain('项目经理')
    expect(rows[0].text()).toContain('测试经理甲')
    expect(rows[0].text()).toContain('在岗')
    expect(rows[0].find('[data-testid="key-position-register"]').exists()).toBe(false)
    expect(rows[0].find('[data-testid="key-position-unlock"]').exists()).toBe(true)
    expect(rows[1].text()).toContain('技术负责人')
    expect(rows[1].text()).toContain('未登记')
    expect(rows[1].find('[data-testid="key-position-register"]').exists()).toBe(true)
  })

  it('refuses to send 入场注册 without a certificate, and sends the unit, position and person with one', async () => {
    const { wrapper } = await mountView(KeyPositionBoard)
    await click(rowsOf(wrapper, 'key-positions-table')[1].find('[data-testid="key-position-register"]'))
    const dialog = () => document.querySelector('[data-testid="key-position-register-dialog"]')
    const type = async (testId, value) => {
      const input = dialog().querySelector(`[data-testid="${testId}"] input, input[data-testid="${testId}"]`)
      input.value = value
      input.dispatchEvent(new Event('input'))
      await flushPromises()
    }
    await type('key-position-name', '测试总工乙')
    await type('key-position-id-number', '110101199003078515')
    dialog().querySelector('[data-testid="key-position-register-submit"]').click()
    await flushPromises()
    expect(registerKeyPosition).not.toHaveBeenCalled()
    expect(dialog().textContent).toContain('请上传资质证书')

    const file = new File(['%PDF-1.7'], '证书.pdf', { type: 'application/pdf' })
    const input = dialog().querySelector('input[type="file"]')
    Object.defineProperty(input, 'files', { value: [file] })
    input.dispatchEvent(new Event('change'))
    registerKeyPosition.mockResolvedValue({ id: 42 })
    dialog().querySelector('[data-testid="key-position-register-submit"]').click()
    await flushPromises()
    expect(registerKeyPosition).toHaveBeenCalledWith(
      { project_id: 9, participant_id: 5, position: 'technical_director', name: '测试总工乙', id_number: '110101199003078515', phone: '' },
      file,
      expect.anything(),
    )
  })

  it('asks for an exit with its date and note (退场解锁)', async () => {
    const { wrapper } = await mountView(KeyPositionBoard)
    await click(rowsOf(wrapper, 'key-positions-table')[0].find('[data-testid="key-position-unlock"]'))
    const dialog = document.querySelector('[data-testid="key-position-exit-dialog"]')
    expect(dialog.textContent).toContain('测试经理甲')
    requestKeyPositionExit.mockResolvedValue({ ...HOLDER, state: 'exit_requested' })
    dialog.querySelector('[data-testid="key-position-exit-submit"]').click()
    await flushPromises()
    expect(requestKeyPositionExit).toHaveBeenCalledWith(41, expect.objectContaining({ exit_note: null }), expect.anything())
  })

  it('lets a site user see the positions but not register', async () => {
    session.account = { username: 'site', role: 'site', scope_name: '测试项目' }
    const { wrapper } = await mountView(KeyPositionBoard)
    expect(wrapper.find('[data-testid="key-position-register"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="key-position-unlock"]').exists()).toBe(false)
  })
})

describe('关键岗位审核 (the authority)', () => {
  const WAITING = [
    { ...HOLDER, id: 51, state: 'registered', person_name: '待审甲' },
    { ...HOLDER, id: 52, state: 'exit_requested', person_name: '退场乙', exit_on: '2026-12-01', exit_note: '竣工' },
  ]
  beforeEach(() => {
    session.account = { username: 'jianguan', role: 'authority', scope_name: '住建委' }
    listKeyPositionReviews.mockResolvedValue({ items: WAITING, total: 2 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('approves a registration and an exit, each with its own call', async () => {
    const { wrapper } = await mountView(KeyPositionReviews)
    const rows = rowsOf(wrapper, 'key-position-reviews-table')
    expect(rows[0].text()).toContain('入场注册')
    expect(rows[1].text()).toContain('退场解锁')
    expect(rows[1].text()).toContain('2026-12-01')
    decideKeyPosition.mockResolvedValue({})
    decideKeyPositionExit.mockResolvedValue({})
    await click(rows[0].find('[data-testid="key-position-approve"]'))
    await click(rows[1].find('[data-testid="key-position-approve"]'))
    expect(decideKeyPosition).toHaveBeenCalledWith(51, true, null, expect.anything())
    expect(decideKeyPositionExit).toHaveBeenCalledWith(52, true, null, expect.anything())
  })

  it('rejects with the reason, and shows why a refusal came back', async () => {
    const { wrapper } = await mountView(KeyPositionReviews)
    await click(rowsOf(wrapper, 'key-position-reviews-table')[0].find('[data-testid="key-position-reject"]'))
    const dialog = document.querySelector('[data-testid="reason-dialog"]')
    const input = dialog.querySelector('[data-testid="reason-input"] textarea, textarea[data-testid="reason-input"]')
    input.value = '证书已过期'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    decideKeyPosition.mockRejectedValue(new ApiError({ status: 409, code: 'KEY_POSITION_NOT_PENDING', message: '该登记当前状态不能进行此操作，请刷新后查看' }))
    dialog.querySelector('[data-testid="reason-submit"]').click()
    await flushPromises()
    expect(decideKeyPosition).toHaveBeenCalledWith(51, false, '证书已过期', expect.anything())
    expect(document.querySelector('[data-testid="reason-dialog"]').textContent).toContain('该登记当前状态不能进行此操作')
  })
})
