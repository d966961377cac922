import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElDatePicker, ElMessage, ElMessageBox } from 'element-plus'
import DeviceList from '@/views/attendance/DeviceList.vue'
import {
  deviceCommands, listDevices, reconcileDevice, registerDevice, reissueDeviceSecret, retireDevice,
  setDeviceConnection, verifyDeviceRecords,
} from '@/api/attendance'
import { ApiError } from '@/api/request'
import { session } from '@/store/session'
import { today } from '@/utils/format'
import { chooseOption, formErrorsShown, itemError, mountView } from './mountView'

vi.mock('@/api/attendance', () => ({
  listDevices: vi.fn(),
  registerDevice: vi.fn(),
  reissueDeviceSecret: vi.fn(),
  retireDevice: vi.fn(),
  verifyDeviceRecords: vi.fn(),
  deviceCommands: vi.fn(),
  reconcileDevice: vi.fn(),
  setDeviceConnection: vi.fn(),
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
      name: '北门', kind: 'face_terminal', serial: 'SN-7', direction: 'in', location: '北门岗亭', protocol: 'platform',
    }, { idempotencyKey: expect.any(String) })
    expect(wrapper.find('[data-testid="device-push-url"]').exists()).toBe(false)
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

  it('登记设备 of a 海康 terminal shows the address to enter on it, with its key, once', async () => {
    const url = `http://gate.example/api/v1/device/hikvision/events?serial=DS-9&token=${SECRET}`
    registerDevice.mockResolvedValue({
      device: { ...ONLINE, id: 9, name: '北门海康', serial: 'DS-9', protocol: 'hikvision' }, secret: SECRET, push_url: url,
    })
    const { wrapper } = await mountView(DeviceList)
    await click(wrapper.get('[data-testid="device-register"]'))
    expect(wrapper.find('[data-testid="device-protocol-hint"]').exists()).toBe(false)
    await wrapper.get('[data-testid="device-name"]').setValue('北门海康')
    await wrapper.get('[data-testid="device-serial"]').setValue('DS-9')
    await chooseOption(wrapper, 'device-protocol', '海康 ISAPI 推送')
    expect(wrapper.get('[data-testid="device-protocol-hint"]').text()).toContain('密钥作为其中的令牌')
    await click(wrapper.get('[data-testid="device-save"]'))

    expect(registerDevice.mock.calls[0][1].protocol).toBe('hikvision')
    expect(wrapper.get('[data-testid="device-push-url"]').element.value).toBe(url)
    expect(wrapper.get('[data-testid="device-push-url-hint"]').text()).toContain('事件上报')
  })

  it('同步/对账 shows who is not yet on the device, the gaps, and what the device has that the platform lacks', async () => {
    listDevices.mockResolvedValue([{ ...ONLINE, protocol: 'hikvision' }, { ...OFFLINE, protocol: 'zkteco' }])
    deviceCommands.mockResolvedValue({
      device_id: 5, protocol: 'hikvision', counts: { pending: 1, sent: 0, ok: 3, failed: 1 },
      people: [
        { person_id: 12, name: '测试工人甲', operation: 'upsert', state: 'failed', attempts: 2,
          last_error: 'Return=-1002 DATA', next_try_at: '2026-12-01T08:05:00+08:00' },
        { person_id: 13, name: '测试工人乙', operation: 'delete', state: 'pending', attempts: 0, last_error: null,
          next_try_at: '2026-12-01T08:00:00+08:00' },
        { person_id: 14, name: '测试工人丙', operation: 'upsert', state: 'ok', attempts: 1, last_error: null,
          next_try_at: null },
      ],
      gaps: [{ from: 3, to: 4 }],
    })
    reconcileDevice.mockResolvedValue({
      device_id: 5, protocol: 'hikvision', checked: 2, missing_count: 1, gaps: [{ from: 3, to: 4 }],
      missing: [{ seq: 3, occurred_at: '2026-12-01T08:10:00+08:00', person_ref: '12' }],
    })
    const { wrapper } = await mountView(DeviceList)
    expect(rowOf(wrapper, '东门进口').text()).toContain('海康 ISAPI 推送')
    expect(rowOf(wrapper, '西门出口').text()).toContain('中控 iclock')

    await click(wrapper.get('[data-testid="device-sync-5"]'))
    expect(deviceCommands).toHaveBeenCalledWith(3, 5)
    expect(wrapper.get('[data-testid="device-sync-count-failed"]').text()).toBe('失败 1')
    expect(wrapper.get('[data-testid="device-sync-count-ok"]').text()).toBe('已确认 3')
    const people = wrapper.get('[data-testid="device-sync-people"]').text()
    expect(people).toContain('测试工人甲')
    expect(people).toContain('Return=-1002')
    expect(people).toContain('删除')
    expect(people).not.toContain('测试工人丙')
    expect(wrapper.get('[data-testid="device-sync-gaps"]').text()).toContain('3 – 4')

    await wrapper.get('[data-testid="device-sync-history"]').setValue('not a list')
    await click(wrapper.get('[data-testid="device-sync-run"]'))
    expect(reconcileDevice).not.toHaveBeenCalled()
    expect(wrapper.get('[data-testid="device-sync-reconcile-error"]').text()).toContain('设备记录')

    const history = [{ seq: 1, occurred_at: '2026-12-01T08:00:00+08:00', person_ref: '12' },
      { seq: 3, occurred_at: '2026-12-01T08:10:00+08:00', person_ref: '12' }]
    await wrapper.get('[data-testid="device-sync-history"]').setValue(JSON.stringify(history))
    await click(wrapper.get('[data-testid="device-sync-run"]'))
    expect(reconcileDevice).toHaveBeenCalledWith(3, 5, { records: history })
    expect(wrapper.get('[data-testid="device-sync-checked"]').text()).toBe('核对 2 条，平台缺少 1 条')
    expect(wrapper.get('[data-testid="device-sync-missing"]').text()).toContain('2026-12-01')
  })

  it('同步 of a 中控 terminal shows each person\'s row and face apart, and why a face did not go down', async () => {
    listDevices.mockResolvedValue([{ ...OFFLINE, protocol: 'zkteco' }])
    deviceCommands.mockResolvedValue({
      device_id: 6, protocol: 'zkteco', counts: { pending: 1, sent: 0, ok: 1, failed: 1 },
      people: [
        { person_id: 12, name: '测试工人甲', kind: 'face', operation: 'upsert', state: 'failed', attempts: 0,
          last_error: 'FACE_PHOTO_NOT_KEPT', next_try_at: null },
        { person_id: 13, name: '测试工人乙', kind: 'person', operation: 'upsert', state: 'pending', attempts: 0,
          last_error: 'READ_BACK_MISMATCH: faces 0 < 1', next_try_at: '2026-12-01T08:00:00+08:00' },
        { person_id: 13, name: '测试工人乙', kind: 'face', operation: 'upsert', state: 'ok', attempts: 1,
          last_error: null, next_try_at: null },
      ],
      gaps: [],
    })
    const { wrapper } = await mountView(DeviceList)
    await click(wrapper.get('[data-testid="device-sync-6"]'))
    const rows = wrapper.get('[data-testid="device-sync-people"]').findAll('tbody tr').map((row) => row.text())
    expect(rows).toHaveLength(2)
    expect(rows[0]).toContain('测试工人甲')
    expect(rows[0]).toContain('人脸')
    expect(rows[0]).toContain('平台未保存人脸照片')
    expect(rows[0]).not.toContain('FACE_PHOTO_NOT_KEPT')
    expect(rows[1]).toContain('人员')
    expect(rows[1]).toContain('设备回读数量与平台不一致，已重新下发（faces 0 < 1）')
  })

  it('对账 of a 中控 terminal takes its ATTLOG text as it is', async () => {
    listDevices.mockResolvedValue([{ ...OFFLINE, protocol: 'zkteco' }])
    deviceCommands.mockResolvedValue({
      device_id: 6, protocol: 'zkteco', counts: { pending: 0, sent: 0, ok: 2, failed: 0 }, people: [], gaps: [],
    })
    reconcileDevice.mockResolvedValue({ device_id: 6, protocol: 'zkteco', checked: 1, missing_count: 0, missing: [],
      gaps: [] })
    const { wrapper } = await mountView(DeviceList)
    await click(wrapper.get('[data-testid="device-sync-6"]'))
    expect(wrapper.get('[data-testid="device-sync-all-ok"]').text()).toContain('一致')
    expect(wrapper.get('[data-testid="device-sync-gaps"]').text()).toContain('中控设备没有流水号')
    const attlog = '12\t2026-12-01 08:00:00\t0\t15\t0'
    await wrapper.get('[data-testid="device-sync-history"]').setValue(attlog)
    await click(wrapper.get('[data-testid="device-sync-run"]'))
    expect(reconcileDevice).toHaveBeenCalledWith(3, 6, { attlog })
    expect(wrapper.get('[data-testid="device-sync-checked"]').text()).toBe('核对 1 条，平台缺少 0 条')
  })

  describe('海康 connection (设备地址, 用户名, 密码)', () => {
    const HIK = {
      ...ONLINE, protocol: 'hikvision', device_address: 'http://10.8.0.12:8080', username: 'admin', pushes_people: true,
    }
    const HIK_BARE = {
      ...OFFLINE, id: 8, kind: 'face_terminal', name: '南门海康', protocol: 'hikvision', device_address: null, username: null,
      pushes_people: false,
    }
    const fillHikvision = async (wrapper) => {
      await click(wrapper.get('[data-testid="device-register"]'))
      await wrapper.get('[data-testid="device-name"]').setValue('北门海康')
      await wrapper.get('[data-testid="device-serial"]').setValue('DS-9')
      expect(wrapper.find('[data-testid="device-address"]').exists()).toBe(false)
      await chooseOption(wrapper, 'device-protocol', '海康 ISAPI 推送')
    }

    it('登记设备 of a 海康 terminal sends its address, username and password', async () => {
      registerDevice.mockResolvedValue({
        device: { ...HIK, id: 9, name: '北门海康', serial: 'DS-9' }, secret: SECRET, push_url: 'http://gate.example/x',
      })
      const { wrapper } = await mountView(DeviceList)
      await fillHikvision(wrapper)
      const hint = wrapper.get('[data-testid="device-protocol-hint"]').text()
      expect(hint).toContain('事件上报地址')
      expect(hint).toContain('平台不向其下发任何人员')
      expect(wrapper.get('[data-testid="device-address"]').attributes('placeholder')).toBe('http://192.168.1.64')
      expect(wrapper.get('[data-testid="device-password"]').attributes('type')).toBe('password')
      await wrapper.get('[data-testid="device-address"]').setValue(' http://192.168.1.64 ')
      await wrapper.get('[data-testid="device-username"]').setValue('admin')
      await wrapper.get('[data-testid="device-password"]').setValue('Hik 12345')
      await click(wrapper.get('[data-testid="device-save"]'))

      expect(registerDevice).toHaveBeenCalledWith(3, {
        name: '北门海康', kind: 'face_terminal', serial: 'DS-9', direction: 'in', location: null, protocol: 'hikvision',
        device_address: 'http://192.168.1.64', username: 'admin', password: 'Hik 12345',
      }, { idempotencyKey: expect.any(String) })
    })

    it('登记设备 without an address sends no connection; with one, asks for the password', async () => {
      registerDevice.mockResolvedValue({ device: { ...HIK_BARE, id: 9 }, secret: SECRET, push_url: 'http://gate.example/x' })
      const { wrapper } = await mountView(DeviceList)
      await fillHikvision(wrapper)
      await wrapper.get('[data-testid="device-address"]').setValue('http://192.168.1.64')
      await wrapper.get('[data-testid="device-username"]').setValue('admin')
      await click(wrapper.get('[data-testid="device-save"]'))
      await formErrorsShown()
      expect(registerDevice).not.toHaveBeenCalled()
      expect(itemError(wrapper, 'device-password')).toBe('请输入密码')
      expect(itemError(wrapper, 'device-username')).toBe('')

      await wrapper.get('[data-testid="device-address"]').setValue('  ')
      await click(wrapper.get('[data-testid="device-save"]'))
      expect(registerDevice).toHaveBeenCalledWith(3, {
        name: '北门海康', kind: 'face_terminal', serial: 'DS-9', direction: 'in', location: null, protocol: 'hikvision',
      }, { idempotencyKey: expect.any(String) })
    })

    it('登记设备 shows an address the server refused under the field, in words', async () => {
      registerDevice.mockRejectedValue(new ApiError({
        status: 400, code: 'INVALID_INPUT', message: '输入有误', fields: { device_address: 'INVALID' },
      }))
      const { wrapper } = await mountView(DeviceList)
      await fillHikvision(wrapper)
      await wrapper.get('[data-testid="device-address"]').setValue('ftp://192.168.1.64')
      await wrapper.get('[data-testid="device-username"]').setValue('admin')
      await wrapper.get('[data-testid="device-password"]').setValue('secret')
      await click(wrapper.get('[data-testid="device-save"]'))
      await formErrorsShown()

      expect(registerDevice).toHaveBeenCalledTimes(1)
      expect(itemError(wrapper, 'device-address')).toContain('不是有效的设备地址')
      expect(itemError(wrapper, 'device-address')).not.toContain('INVALID')
      expect(wrapper.find('[data-testid="device-secret"]').exists()).toBe(false)
    })

    it('lists a 海康 terminal\'s address, or 未配置, and offers 修改连接 on 海康 terminals only', async () => {
      listDevices.mockResolvedValue([HIK, HIK_BARE, { ...OFFLINE, id: 7, name: '中控', protocol: 'zkteco' }])
      const { wrapper } = await mountView(DeviceList)
      expect(wrapper.get('[data-testid="device-address-5"]').text()).toContain('http://10.8.0.12:8080')
      expect(wrapper.get('[data-testid="device-address-5"]').text()).toContain('下发人员')
      expect(wrapper.get('[data-testid="device-address-8"]').text()).toBe('未配置')
      expect(wrapper.find('[data-testid="device-address-7"]').exists()).toBe(false)
      expect(wrapper.find('[data-testid="device-connection-5"]').exists()).toBe(true)
      expect(wrapper.find('[data-testid="device-connection-8"]').exists()).toBe(true)
      expect(wrapper.find('[data-testid="device-connection-7"]').exists()).toBe(false)
    })

    it('修改连接 is prefilled, keeps the stored password when left empty, and reloads the list', async () => {
      const success = vi.spyOn(ElMessage, 'success')
      listDevices.mockResolvedValue([HIK])
      setDeviceConnection.mockResolvedValue({ ...HIK, device_address: 'http://10.8.0.13' })
      const { wrapper } = await mountView(DeviceList)
      await click(wrapper.get('[data-testid="device-connection-5"]'))

      const dialog = () => wrapper.get('[data-testid="device-connection-dialog"]')
      expect(dialog().text()).toContain('东门进口')
      expect(dialog().text()).toContain('清空设备地址并保存即删除连接')
      expect(wrapper.get('[data-testid="device-connection-address"]').element.value).toBe('http://10.8.0.12:8080')
      expect(wrapper.get('[data-testid="device-connection-username"]').element.value).toBe('admin')
      const password = wrapper.get('[data-testid="device-connection-password"]')
      expect(password.element.value).toBe('')
      expect(password.attributes('placeholder')).toBe('不修改则留空')

      await wrapper.get('[data-testid="device-connection-address"]').setValue('http://10.8.0.13')
      await click(wrapper.get('[data-testid="device-connection-save"]'))
      expect(setDeviceConnection).toHaveBeenCalledWith(3, 5, { device_address: 'http://10.8.0.13', username: 'admin' },
        { idempotencyKey: expect.any(String) })
      expect(success).toHaveBeenCalledWith('连接已保存')
      expect(listDevices).toHaveBeenCalledTimes(2)
      expect(wrapper.find('[data-testid="device-connection-dialog"]').exists()).toBe(false)
    })

    it('修改连接 sends a typed password, asks for one when none is stored, and removes the connection when the address is cleared', async () => {
      const success = vi.spyOn(ElMessage, 'success')
      listDevices.mockResolvedValue([HIK, HIK_BARE])
      setDeviceConnection.mockResolvedValue(HIK)
      const { wrapper } = await mountView(DeviceList)

      await click(wrapper.get('[data-testid="device-connection-8"]'))
      expect(wrapper.get('[data-testid="device-connection-address"]').element.value).toBe('')
      await wrapper.get('[data-testid="device-connection-address"]').setValue('https://10.8.0.14')
      await wrapper.get('[data-testid="device-connection-username"]').setValue('admin')
      await click(wrapper.get('[data-testid="device-connection-save"]'))
      await formErrorsShown()
      expect(setDeviceConnection).not.toHaveBeenCalled()
      expect(itemError(wrapper, 'device-connection-password')).toBe('请输入密码')
      await wrapper.get('[data-testid="device-connection-password"]').setValue('pw-1')
      await click(wrapper.get('[data-testid="device-connection-save"]'))
      expect(setDeviceConnection).toHaveBeenLastCalledWith(3, 8,
        { device_address: 'https://10.8.0.14', username: 'admin', password: 'pw-1' }, { idempotencyKey: expect.any(String) })

      await click(wrapper.get('[data-testid="device-connection-5"]'))
      await wrapper.get('[data-testid="device-connection-address"]').setValue('')
      await click(wrapper.get('[data-testid="device-connection-save"]'))
      expect(setDeviceConnection).toHaveBeenLastCalledWith(3, 5, { device_address: null },
        { idempotencyKey: expect.any(String) })
      expect(success).toHaveBeenLastCalledWith('连接已删除，平台不再向该设备下发人员')
    })

    it('修改连接 shows the server\'s refusal of a field under it', async () => {
      listDevices.mockResolvedValue([HIK])
      setDeviceConnection.mockRejectedValue(new ApiError({
        status: 400, code: 'INVALID_INPUT', message: '输入有误', fields: { device_address: 'NOT_HIKVISION', username: '必填项' },
      }))
      const { wrapper } = await mountView(DeviceList)
      await click(wrapper.get('[data-testid="device-connection-5"]'))
      await click(wrapper.get('[data-testid="device-connection-save"]'))
      await formErrorsShown()
      expect(itemError(wrapper, 'device-connection-address')).toBe('只有海康设备可以填写设备地址')
      expect(itemError(wrapper, 'device-connection-username')).toBe('必填项')
      expect(wrapper.get('[data-testid="device-connection-error"]').text()).toContain('输入有误')
      expect(listDevices).toHaveBeenCalledTimes(1)
    })

    const SYNC_STATE = { device_id: 5, protocol: 'hikvision', counts: { pending: 0, sent: 0, ok: 1, failed: 0 },
      people: [], gaps: [] }

    it('对账 of a connected 海康 terminal offers 从设备读取 of a chosen day and shows what the platform lacks', async () => {
      listDevices.mockResolvedValue([HIK])
      deviceCommands.mockResolvedValue(SYNC_STATE)
      reconcileDevice.mockResolvedValue({
        device_id: 5, protocol: 'hikvision', checked: 3, missing_count: 1, gaps: [{ from: 7, to: 7 }],
        missing: [{ seq: 7, occurred_at: '2026-11-30T08:10:00+08:00', person_ref: '12' }],
      })
      const { wrapper } = await mountView(DeviceList)
      await click(wrapper.get('[data-testid="device-sync-5"]'))

      const offer = wrapper.get('[data-testid="device-sync-from-device"]')
      expect(offer.text()).toContain('平台通过设备地址读取该设备当天的记录')
      expect(wrapper.get('[data-testid="device-sync-day"] input').element.value).toBe(today())
      expect(wrapper.get('[data-testid="device-sync-read"]').text()).toBe('从设备读取')

      await wrapper.get('[data-testid="device-sync-day"] input').setValue('2026-11-30')
      await click(wrapper.get('[data-testid="device-sync-read"]'))
      expect(reconcileDevice).toHaveBeenCalledWith(3, 5, { from_device: true, day: '2026-11-30' })
      expect(wrapper.get('[data-testid="device-sync-checked"]').text()).toBe('核对 3 条，平台缺少 1 条')
      const missing = wrapper.get('[data-testid="device-sync-missing"]').text()
      expect(missing).toContain('2026-11-30')
      expect(missing).toContain('12')
      expect(wrapper.get('[data-testid="device-sync-gaps"]').text()).toContain('7 – 7')
      expect(wrapper.find('[data-testid="device-sync-reconcile-error"]').exists()).toBe(false)
      // the pasted history still goes as before
      expect(wrapper.find('[data-testid="device-sync-history"]').exists()).toBe(true)
    })

    it('从设备读取 is offered only to a 海康 terminal the platform reaches at its address', async () => {
      listDevices.mockResolvedValue([HIK_BARE, { ...OFFLINE, id: 7, name: '中控', protocol: 'zkteco' }])
      deviceCommands.mockResolvedValue(SYNC_STATE)
      const { wrapper } = await mountView(DeviceList)
      await click(wrapper.get('[data-testid="device-sync-8"]'))
      expect(wrapper.find('[data-testid="device-sync-history"]').exists()).toBe(true)
      expect(wrapper.find('[data-testid="device-sync-read"]').exists()).toBe(false)
      expect(wrapper.find('[data-testid="device-sync-day"]').exists()).toBe(false)
      await click(wrapper.get('[data-testid="device-sync-dialog"] .el-dialog__headerbtn'))
      await new Promise((resolve) => setTimeout(resolve, 350))
      await flushPromises()

      await click(wrapper.get('[data-testid="device-sync-7"]'))
      expect(wrapper.find('[data-testid="device-sync-read"]').exists()).toBe(false)
    })

    it('从设备读取 shows the gateway\'s refusal in words in the 对账 error', async () => {
      listDevices.mockResolvedValue([HIK])
      deviceCommands.mockResolvedValue(SYNC_STATE)
      reconcileDevice.mockRejectedValue(new ApiError({
        status: 409, code: 'DEVICE_HISTORY_UNSUPPORTED', message: '该设备固件不支持读取历史记录，请粘贴设备导出的记录', fields: {},
      }))
      const { wrapper } = await mountView(DeviceList)
      await click(wrapper.get('[data-testid="device-sync-5"]'))
      await click(wrapper.get('[data-testid="device-sync-read"]'))

      expect(reconcileDevice).toHaveBeenCalledWith(3, 5, { from_device: true, day: today() })
      const error = wrapper.get('[data-testid="device-sync-reconcile-error"]').text()
      expect(error).toContain('从设备读取')
      expect(error).toContain('该设备固件不支持读取历史记录，请粘贴设备导出的记录')
      expect(wrapper.find('[data-testid="device-sync-checked"]').exists()).toBe(false)
      expect(wrapper.get('[data-testid="device-sync-read"]').classes()).not.toContain('is-loading')
    })

    it('同步 names in words a device it cannot reach and what the device refused', async () => {
      listDevices.mockResolvedValue([HIK])
      deviceCommands.mockResolvedValue({
        device_id: 5, protocol: 'hikvision', counts: { pending: 1, sent: 0, ok: 0, failed: 2 },
        people: [
          { person_id: 12, name: '测试工人甲', kind: 'person', operation: 'upsert', state: 'pending', attempts: 3,
            last_error: 'DEVICE_UNREACHABLE', next_try_at: '2026-12-01T08:05:00+08:00' },
          { person_id: 13, name: '测试工人乙', kind: 'person', operation: 'delete', state: 'failed', attempts: 1,
            last_error: 'ISAPI employeeNoNotExist', next_try_at: null },
          { person_id: 14, name: '测试工人丙', kind: 'face', operation: 'upsert', state: 'failed', attempts: 1,
            last_error: 'ISAPI_UNAUTHORIZED', next_try_at: null },
        ],
        gaps: [],
      })
      const { wrapper } = await mountView(DeviceList)
      await click(wrapper.get('[data-testid="device-sync-5"]'))
      const rows = wrapper.get('[data-testid="device-sync-people"]').findAll('tbody tr').map((row) => row.text())
      expect(rows[0]).toContain('设备无法连接：平台连不上设备地址')
      expect(rows[0]).not.toContain('DEVICE_UNREACHABLE')
      expect(rows[1]).toContain('设备拒绝：employeeNoNotExist')
      expect(rows[1]).not.toContain('ISAPI')
      expect(rows[2]).toContain('设备用户名或密码错误')
    })
  })

  it('tells an account without a project of its own to use one', async () => {
    session.account = { username: 'zj', role: 'authority' }
    const { wrapper } = await mountView(DeviceList)
    expect(listDevices).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('请使用项目账号登录后查看')
  })
})
