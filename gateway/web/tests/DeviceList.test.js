import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElDatePicker, ElMessageBox } from 'element-plus'
import DeviceList from '@/views/attendance/DeviceList.vue'
import {
  listDevices, registerDevice, reissueDeviceSecret, retireDevice, verifyDeviceRecords,
} from '@/api/attendance'
import { ApiError } from '@/api/request'
import { session } from '@/store/session'
import { formErrorsShown, mountView } from './mountView'

vi.mock('@/api/attendance', () => ({
  listDevices: vi.fn(),
  registerDevice: vi.fn(),
  reissueDeviceSecret: vi.fn(),
  retireDevice: vi.fn(),
  verifyDeviceRecords: vi.fn(),
}))

const ONLINE = {
  id: 5, project_id: 3, kind: 'face_terminal', serial: 'DS-K1T341-0001', name: '东门进口', direction: 'in',
  location: '东门', status: 'online', last_seen_at: '2026-12-01T08:00:00+08:00', registered_at: '2026-11-30T08:00:00+08:00',
}
const OFFLINE = {
  ...ONLINE, id: 6, kind: 'card_reader', serial: 'ZK-0002', name: '西门出口', direction: 'out', location: '西门',
  status: 'offline', last_seen_at: null,
}
const SECRET = 'q2pW1xY8v3B6mZ0sTn4RkLc7dE9fGh5jAaBbCcDdEeF'

const rowOf = (wrapper, name) => wrapper.findAll('[data-testid="devices-table"] tbody tr').find((tr) => tr.text().includes(name))
const click = async (element) => {
  await element.trigger('click')
  await flushPromises()
}

describe('DeviceList (考勤设备)', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    listDevices.mockResolvedValue([ONLINE, OFFLINE])
  })
  afterEach(() => {
    vi.clearAllMocks()
    vi.restoreAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('lists the devices of the project with 在线 / 离线 and when each was last seen', async () => {
    const { wrapper } = await mountView(DeviceList)

    expect(listDevices).toHaveBeenCalledWith(3)
    const online = rowOf(wrapper, '东门进口').text()
    expect(online).toContain('人脸识别终端')
    expect(online).toContain('DS-K1T341-0001')
    expect(online).toContain('进')
    expect(online).toMatch(/2026-12-01 \d\d:00/)
    expect(wrapper.get('[data-testid="device-status-5"]').text()).toBe('在线')
    expect(wrapper.get('[data-testid="device-status-6"]').text()).toBe('离线')
    expect(rowOf(wrapper, '西门出口').text()).toContain('从未连接')
    expect(wrapper.get('[data-testid="devices-offline-hint"]').text()).toContain('检查电源和网络')
  })

  it('登记设备 shows the key once, with a copy button and the warning that it is not shown again', async () => {
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    registerDevice.mockResolvedValue({ device: { ...ONLINE, id: 7, name: '北门', serial: 'SN-7' }, secret: SECRET })
    const { wrapper } = await mountView(DeviceList)

    await click(wrapper.get('[data-testid="device-register"]'))
    await wrapper.get('[data-testid="device-name"]').setValue('北门')
    await wrapper.get('[data-testid="device-serial"]').setValue(' SN-7 ')
    await wrapper.get('[data-testid="device-location"]').setValue('北门岗亭')
    await click(wrapper.get('[data-testid="device-save"]'))

    expect(registerDevice).toHaveBeenCalledWith(3, {
      name: '北门', kind: 'face_terminal', serial: 'SN-7', direction: 'in', location: '北门岗亭',
    }, { idempotencyKey: expect.any(String) })
    expect(wrapper.find('[data-testid="device-dialog"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="device-secret"]').element.value).toBe(SECRET)
    expect(wrapper.get('[data-testid="device-secret-once"]').text()).toContain('密钥只显示这一次')
    await click(wrapper.get('[data-testid="device-secret-copy"]'))
    expect(writeText).toHaveBeenCalledWith(SECRET)
    expect(listDevices).toHaveBeenCalledTimes(2)

    await click(wrapper.get('[data-testid="device-secret-close"]'))
    await new Promise((resolve) => setTimeout(resolve, 350))
    await flushPromises()
    expect(wrapper.find('[data-testid="device-secret"]').exists()).toBe(false)
  })

  it('登记设备 asks for the name and serial, and shows the server refusal in the dialog', async () => {
    registerDevice.mockRejectedValue(new ApiError({
      status: 409, code: 'DEVICE_SERIAL_TAKEN', message: '该设备序列号已登记', fields: {},
    }))
    const { wrapper } = await mountView(DeviceList)
    await click(wrapper.get('[data-testid="device-register"]'))

    await click(wrapper.get('[data-testid="device-save"]'))
    await formErrorsShown()
    expect(registerDevice).not.toHaveBeenCalled()
    expect(wrapper.get('[data-testid="device-dialog"]').text()).toContain('请输入设备名称')

    await wrapper.get('[data-testid="device-name"]').setValue('南门')
    await wrapper.get('[data-testid="device-serial"]').setValue('DS-K1T341-0001')
    await click(wrapper.get('[data-testid="device-save"]'))
    expect(wrapper.get('[data-testid="device-dialog-error"]').text()).toContain('该设备序列号已登记')
    expect(wrapper.find('[data-testid="device-secret"]').exists()).toBe(false)
  })

  it('重置密钥 asks first and shows the new key once', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    reissueDeviceSecret.mockResolvedValue({ device: ONLINE, secret: 'new-key' })
    const { wrapper } = await mountView(DeviceList)

    await click(wrapper.get('[data-testid="device-reissue-5"]'))

    expect(confirm.mock.calls[0][0]).toContain('东门进口')
    expect(reissueDeviceSecret).toHaveBeenCalledWith(3, 5)
    expect(wrapper.get('[data-testid="device-secret"]').element.value).toBe('new-key')
  })

  it('停用 only after confirmation', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
    retireDevice.mockResolvedValue(null)
    const { wrapper } = await mountView(DeviceList)

    await click(wrapper.get('[data-testid="device-retire-6"]'))
    expect(retireDevice).not.toHaveBeenCalled()

    confirm.mockResolvedValue('confirm')
    await click(wrapper.get('[data-testid="device-retire-6"]'))
    expect(confirm.mock.calls[1][0]).toContain('西门出口')
    expect(retireDevice).toHaveBeenCalledWith(3, 6)
    expect(listDevices).toHaveBeenCalledTimes(2)
  })

  it('校验 checks all days or one, and names where the chain breaks and why', async () => {
    verifyDeviceRecords.mockResolvedValueOnce({ intact: true, records: 42, head_intact: true })
    const { wrapper } = await mountView(DeviceList)
    await click(wrapper.get('[data-testid="device-verify-5"]'))
    const dialog = () => wrapper.get('[data-testid="device-verify-dialog"]')
    expect(dialog().text()).toContain('东门进口')

    await click(wrapper.get('[data-testid="device-verify-run"]'))
    expect(verifyDeviceRecords).toHaveBeenLastCalledWith(3, 5, undefined)
    expect(wrapper.get('[data-testid="device-verify-result"]').text()).toContain('完好：42 条考勤记录均与写入时一致')

    verifyDeviceRecords.mockResolvedValueOnce({
      intact: false, records: 9, head_intact: true, first_broken_seq: 3, problem: 'edited',
    })
    wrapper.findComponent(ElDatePicker).vm.$emit('update:modelValue', '2026-11-30')
    await flushPromises()
    await click(wrapper.get('[data-testid="device-verify-run"]'))
    expect(verifyDeviceRecords).toHaveBeenLastCalledWith(3, 5, '2026-11-30')
    const result = wrapper.get('[data-testid="device-verify-result"]').text()
    expect(result).toContain('已被改动：记录内容被修改')
    expect(result).toContain('自设备流水号 3 起链条断开')
  })

  it('tells an account without a project of its own to use one', async () => {
    session.account = { username: 'zj', role: 'authority' }
    const { wrapper } = await mountView(DeviceList)
    expect(listDevices).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('请使用项目账号登录后查看')
  })
})
