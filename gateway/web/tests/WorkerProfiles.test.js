import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import WorkerProfileList from '@/views/workerProfiles/WorkerProfileList.vue'
import WorkerProfileDialog from '@/views/workerProfiles/WorkerProfileDialog.vue'
import { luhnValid, profilePayload, emptyProfile } from '@/views/workerProfiles/profileForm'
import { dismissEmployee, listEmployees } from '@/api/employments'
import { getReference } from '@/api/reference'
import { listTeams } from '@/api/teams'
import { exportProfiles, getProfile, listProfiles, saveProfile } from '@/api/workerProfiles'
import { saveBlob } from '@/utils/download'
import { EMPLOYMENT_REFERENCE } from './fixtures/employmentReference'
import { chooseOption, formErrorsShown, itemError, mountView } from './mountView'

vi.mock('@/api/employments', () => ({ dismissEmployee: vi.fn(), listEmployees: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))
vi.mock('@/api/teams', () => ({ listTeams: vi.fn() }))
vi.mock('@/api/workerProfiles', () => ({
  listProfiles: vi.fn(),
  getProfile: vi.fn(),
  saveProfile: vi.fn(),
  exportProfiles: vi.fn(),
}))
vi.mock('@/utils/download', () => ({ saveBlob: vi.fn() }))

const TRADE = EMPLOYMENT_REFERENCE.trades.find((row) => !row.legacy)
// a valid (Luhn) synthetic card number, and one with a wrong check digit
const CARD = '6222020200112233445'.slice(0, 18) + String((10 - [...'622202020011223344'].reverse().reduce((sum, d, i) => {
  let n = Number(d)
  if (i % 2 === 0) n = n * 2 > 9 ? n * 2 - 9 : n * 2
  return sum + n
}, 0) % 10) % 10)
const BAD_CARD = CARD.slice(0, -1) + String((Number(CARD.at(-1)) + 1) % 10)

const TEAMS = [
  { id: 7, name: '钢筋一班', kind: 'workers', member_count: 3 },
  { id: 8, name: '木工二班', kind: 'workers', member_count: 0 },
]
const EMPLOYEES = [
  { id: 21, person_name: '测试工人甲', id_number_masked: '1101**********1237', role: 'worker', state: 'employed' },
  { id: 22, person_name: '测试工人乙', id_number_masked: '1101**********2345', role: 'worker', state: 'employed' },
]

function profile(relationId, overrides = {}) {
  return {
    relation_id: relationId,
    person_id: 100 + relationId,
    person_name: `测试工人${relationId}`,
    id_number_masked: '1101**********1237',
    role: 'worker',
    state: 'employed',
    relation_state: 'employed',
    phone_masked: '138****0000',
    trade: TRADE.code,
    team_id: 7,
    team_name: '钢筋一班',
    is_team_leader: false,
    is_safety_officer: false,
    is_temporary: false,
    wage_scheme: 'day',
    daily_wage: '300.00',
    unit_price: null,
    piece_unit: null,
    wage_card_masked: '6222 **** **** 3445',
    emergency_contact_phone_masked: null,
    ...overrides,
  }
}

const rowsOf = (wrapper, testId) => wrapper.findAll(`[data-testid="${testId}"] .el-table__body-wrapper tbody tr`)
const labelOf = (wrapper, testId) =>
  wrapper.get(`[data-testid="${testId}"]`).element.closest('.el-form-item').querySelector('.el-form-item__label').textContent.trim()
const shown = (wrapper, testId) => wrapper.find(`[data-testid="${testId}"]`).exists()

async function click(wrapper, testId) {
  await wrapper.get(`[data-testid="${testId}"]`).trigger('click')
  await flushPromises()
}

async function choose(wrapper, testId, index) {
  await wrapper.get(`[data-testid="${testId}"]`).findAll('input[type="radio"]')[index].setValue(true)
  await flushPromises()
}

describe('WorkerProfileList (完善建筑工人信息)', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(EMPLOYMENT_REFERENCE)
    listTeams.mockResolvedValue({ items: TEAMS, total: 2 })
    listEmployees.mockResolvedValue({ items: EMPLOYEES, total: 2 })
    listProfiles.mockResolvedValue({
      items: [profile(1), profile(2, { state: 'ended', relation_state: 'ended', team_name: null })],
      total: 2,
    })
  })
  afterEach(() => {
    vi.clearAllMocks()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
  })

  it('lists 姓名, 身份证号, masked 联系电话, 工种, 班组 and 在职 / 离职', async () => {
    const { wrapper } = await mountView(WorkerProfileList)

    const rows = rowsOf(wrapper, 'profiles-table')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('测试工人1')
    expect(rows[0].text()).toContain('1101**********1237')
    expect(rows[0].text()).toContain('138****0000')
    expect(rows[0].text()).toContain(TRADE.name)
    expect(rows[0].text()).toContain('钢筋一班')
    expect(rows[0].text()).toContain('在职')
    expect(rows[1].text()).toContain('离职')
    // 离职 only for someone still employed
    expect(rows[0].get('[data-testid="profile-leave"]').attributes('disabled')).toBeUndefined()
    expect(rows[1].get('[data-testid="profile-leave"]').attributes('disabled')).toBeDefined()
  })

  it('searches by 姓名, 身份证号, 状态 and 班组, and exports what it found', async () => {
    exportProfiles.mockResolvedValue(new Blob(['x']))
    const { wrapper } = await mountView(WorkerProfileList)

    await wrapper.get('[data-testid="profiles-filter-name"]').setValue(' 测试 ')
    await wrapper.get('[data-testid="profiles-filter-id-number"]').setValue('1101')
    await chooseOption(wrapper, 'profiles-filter-state', '离职')
    await chooseOption(wrapper, 'profiles-filter-team', '木工二班')
    await click(wrapper, 'profiles-search')

    expect(listProfiles).toHaveBeenLastCalledWith({
      name: '测试',
      id_number: '1101',
      state: 'ended',
      team_id: 8,
      page: 1,
      page_size: 20,
    })
    await click(wrapper, 'profiles-export')
    expect(exportProfiles).toHaveBeenCalledWith({ name: '测试', id_number: '1101', state: 'ended', team_id: 8 })
    expect(saveBlob).toHaveBeenCalledWith(expect.any(Blob), '完善建筑工人信息.xlsx')
  })

  it('离职 starts a dismissal of the relation with a reason', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    dismissEmployee.mockResolvedValue({ id: 1, state: 'dismissal_requested' })
    const { wrapper } = await mountView(WorkerProfileList)

    await rowsOf(wrapper, 'profiles-table')[0].get('[data-testid="profile-leave"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="reason-input"]').setValue('工程结束')
    await click(wrapper, 'reason-submit')

    expect(dismissEmployee).toHaveBeenCalledWith(1, '工程结束', { idempotencyKey: expect.any(String) })
    expect(listProfiles).toHaveBeenCalledTimes(2)
  })
})

describe('WorkerProfileDialog (添加人员 / 编辑 / 查看)', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(EMPLOYMENT_REFERENCE)
    listTeams.mockResolvedValue({ items: TEAMS, total: 2 })
    listEmployees.mockResolvedValue({ items: EMPLOYEES, total: 2 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  async function fillRequired(wrapper) {
    await chooseOption(wrapper, 'profile-person', '测试工人甲')
    await wrapper.get('[data-testid="profile-phone"]').setValue('13800000000')
    await chooseOption(wrapper, 'profile-trade', TRADE.name)
  }

  it('picks a confirmed employee by name and sends the 点工 wage', async () => {
    saveProfile.mockResolvedValue(profile(21))
    const { wrapper } = await mountView(WorkerProfileDialog, { props: { mode: 'add' } })
    expect(listEmployees).toHaveBeenCalledWith({ name: undefined, role: null, page: 1, page_size: 20 })

    await fillRequired(wrapper)
    await wrapper.get('[data-testid="profile-daily-wage"]').setValue('300')
    await wrapper.get('[data-testid="profile-wage-card"]').setValue(CARD)
    await chooseOption(wrapper, 'profile-bank', '中国工商银行')
    await click(wrapper, 'profile-save')

    expect(saveProfile).toHaveBeenCalledWith(
      21,
      expect.objectContaining({
        role: 'worker',
        phone: '13800000000',
        trade: TRADE.code,
        wage_scheme: 'day',
        daily_wage: '300',
        unit_price: null,
        piece_unit: null,
        bank: '102',
        wage_card_number: CARD,
        position: null,
      }),
      { idempotencyKey: expect.any(String) },
    )
    expect(wrapper.emitted('saved')).toHaveLength(1)
    expect(wrapper.emitted('close')).toHaveLength(1)
  })

  it('计件 asks for 单价 and 计件单位 instead of 日工资', async () => {
    saveProfile.mockResolvedValue(profile(21))
    const { wrapper } = await mountView(WorkerProfileDialog, { props: { mode: 'add' } })
    expect(shown(wrapper, 'profile-daily-wage')).toBe(true)
    expect(labelOf(wrapper, 'profile-daily-wage')).toBe('点工日工资(元/日)')
    expect(shown(wrapper, 'profile-unit-price')).toBe(false)

    await choose(wrapper, 'profile-wage-scheme', 0)
    expect(labelOf(wrapper, 'profile-daily-wage')).toBe('日工资(元/日)')

    await choose(wrapper, 'profile-wage-scheme', 1)
    expect(shown(wrapper, 'profile-daily-wage')).toBe(false)
    expect(shown(wrapper, 'profile-unit-price')).toBe(true)
    expect(shown(wrapper, 'profile-piece-unit')).toBe(true)

    await fillRequired(wrapper)
    await click(wrapper, 'profile-save')
    await formErrorsShown()
    expect(saveProfile).not.toHaveBeenCalled()
    expect(itemError(wrapper, 'profile-unit-price')).toBe('请输入单价(元)')
    expect(itemError(wrapper, 'profile-piece-unit')).toBe('请选择计件单位')

    await wrapper.get('[data-testid="profile-unit-price"]').setValue('12.5')
    await chooseOption(wrapper, 'profile-piece-unit', '平方米')
    await click(wrapper, 'profile-save')
    expect(saveProfile).toHaveBeenCalledWith(
      21,
      expect.objectContaining({ wage_scheme: 'piece', unit_price: '12.5', piece_unit: '81', daily_wage: null }),
      { idempotencyKey: expect.any(String) },
    )
  })

  it('validates the person, phone, trade, wage and the wage card check digit before sending', async () => {
    const { wrapper } = await mountView(WorkerProfileDialog, { props: { mode: 'add' } })

    await wrapper.get('[data-testid="profile-daily-wage"]').setValue('3.456')
    await wrapper.get('[data-testid="profile-wage-card"]').setValue(BAD_CARD)
    await click(wrapper, 'profile-save')
    await formErrorsShown()

    expect(saveProfile).not.toHaveBeenCalled()
    expect(itemError(wrapper, 'profile-person')).toBe('请选择人员')
    expect(itemError(wrapper, 'profile-phone')).toBe('请输入手机号')
    expect(itemError(wrapper, 'profile-trade')).toBe('请选择从事主要工种')
    expect(itemError(wrapper, 'profile-daily-wage')).toBe('请输入金额，最多两位小数')
    expect(itemError(wrapper, 'profile-wage-card')).toBe('工资卡号校验位错误，请核对卡号')
  })

  it('shows the server’s refusal under its field', async () => {
    const { ApiError } = await import('@/api/request')
    saveProfile.mockRejectedValue(
      new ApiError({
        status: 422,
        code: 'INVALID_PROFILE',
        message: '人员信息有误，请检查标红的内容',
        fields: { team_id: '不是本单位的班组' },
      }),
    )
    const { wrapper } = await mountView(WorkerProfileDialog, { props: { mode: 'add' } })
    await fillRequired(wrapper)
    await wrapper.get('[data-testid="profile-daily-wage"]').setValue('300')
    await click(wrapper, 'profile-save')
    await formErrorsShown()

    expect(wrapper.text()).toContain('人员信息有误，请检查标红的内容')
    expect(itemError(wrapper, 'profile-team')).toBe('不是本单位的班组')
    expect(wrapper.emitted('close')).toBeUndefined()
  })

  it('保存并下一个 keeps the dialog open, empty, for the next person', async () => {
    saveProfile.mockResolvedValue(profile(21))
    const { wrapper } = await mountView(WorkerProfileDialog, { props: { mode: 'add' } })
    await choose(wrapper, 'profile-role', 1)
    await fillRequired(wrapper)
    await wrapper.get('[data-testid="profile-position"]').setValue('项目经理')
    await wrapper.get('[data-testid="profile-daily-wage"]').setValue('500')

    await click(wrapper, 'profile-save-next')

    expect(saveProfile).toHaveBeenCalledWith(21, expect.objectContaining({ role: 'manager', position: '项目经理' }), {
      idempotencyKey: expect.any(String),
    })
    expect(wrapper.emitted('saved')).toHaveLength(1)
    expect(wrapper.emitted('close')).toBeUndefined()
    expect(wrapper.get('[data-testid="profile-phone"]').element.value).toBe('')
    expect(wrapper.get('[data-testid="profile-person"]').text()).not.toContain('测试工人甲')
    // the next person is of the same kind
    expect(shown(wrapper, 'profile-position')).toBe(true)
  })

  it('编辑 loads the profile, keeps the masked items unless typed, and saves to the same relation', async () => {
    getProfile.mockResolvedValue(profile(5))
    saveProfile.mockResolvedValue(profile(5))
    const { wrapper } = await mountView(WorkerProfileDialog, { props: { mode: 'edit', relationId: 5 } })

    expect(getProfile).toHaveBeenCalledWith(5)
    expect(wrapper.get('[data-testid="profile-name"]').text()).toContain('测试工人5')
    expect(wrapper.get('[data-testid="profile-phone"]').attributes('placeholder')).toContain('138****0000')
    expect(wrapper.get('[data-testid="profile-daily-wage"]').element.value).toBe('300.00')
    expect(shown(wrapper, 'profile-save-next')).toBe(false)

    await click(wrapper, 'profile-save')

    const sent = saveProfile.mock.calls[0][1]
    expect(saveProfile.mock.calls[0][0]).toBe(5)
    expect(sent).not.toHaveProperty('phone')
    expect(sent).not.toHaveProperty('wage_card_number')
    expect(sent).toMatchObject({ team_id: 7, trade: TRADE.code, daily_wage: '300.00' })
  })

  it('查看 shows the profile without inputs', async () => {
    getProfile.mockResolvedValue(profile(5, { bank: '105', politics: '13' }))
    const { wrapper } = await mountView(WorkerProfileDialog, { props: { mode: 'view', relationId: 5 } })

    const view = wrapper.get('[data-testid="profile-view"]')
    expect(view.text()).toContain('测试工人5')
    expect(view.text()).toContain('中国建设银行')
    expect(view.text()).toContain('群众')
    expect(view.text()).toContain('6222 **** **** 3445')
    expect(shown(wrapper, 'profile-save')).toBe(false)
  })
})

describe('profileForm', () => {
  it('checks card numbers by Luhn', () => {
    expect(luhnValid(CARD)).toBe(true)
    expect(luhnValid(BAD_CARD)).toBe(false)
  })

  it('sends blanks as null and leaves the masked items out unless typed', () => {
    const body = profilePayload({ ...emptyProfile(), trade: '01', phone: ' ' })
    expect(body).not.toHaveProperty('phone')
    expect(body).toMatchObject({ trade: '01', education: null, certificate_number: null, position: null })
  })
})
