import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import FaceList from '@/views/attendance/FaceList.vue'
import {
  decideFaceSubmission, enrollFaceFile, enrollFaceImage, faceSubmissionPhoto, listFaces,
} from '@/api/attendance'
import { ApiError } from '@/api/request'
import { session } from '@/store/session'
import { chooseOption, mountView } from './mountView'

vi.mock('@/api/attendance', () => ({
  listFaces: vi.fn(),
  enrollFaceFile: vi.fn(),
  enrollFaceImage: vi.fn(),
  faceSubmissionPhoto: vi.fn(),
  decideFaceSubmission: vi.fn(),
}))

const WITHOUT = {
  person_id: 8, entry_id: null, stage: 'awaiting_entry', name: '测试工人甲', id_number_masked: '110*****514', employer_name: '示例劳务有限公司',
  team_name: '木工二班', enrolled: false, enrolled_at: null,
}
const WITH = {
  ...WITHOUT, person_id: 7, entry_id: 71, stage: 'on_site', name: '测试工人乙', team_name: '钢筋一班', enrolled: true,
  enrolled_at: '2026-11-30T09:00:00+08:00',
}

const rowOf = (wrapper, name) => wrapper.findAll('[data-testid="faces-table"] tbody tr').find((tr) => tr.text().includes(name))
const click = async (element) => {
  await element.trigger('click')
  await flushPromises()
}

async function choosePhoto(wrapper, photo) {
  const input = wrapper.get('[data-testid="face-file"]')
  Object.defineProperty(input.element, 'files', { value: [photo], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

describe('FaceList (人脸采集)', () => {
  beforeEach(() => {
    session.account = { username: 'site_3', role: 'site', project_id: 3, scope_name: '测试项目三' }
    listFaces.mockResolvedValue({ items: [WITHOUT, WITH], total: 2 })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('lists the people on site and those awaiting entry with 有 / 无 face and their 班组', async () => {
    const { wrapper } = await mountView(FaceList)

    expect(listFaces).toHaveBeenCalledWith(3, { page: 1, page_size: 20 })
    expect(wrapper.get('[data-testid="face-state-8"]').text()).toBe('无')
    expect(wrapper.get('[data-testid="face-state-7"]').text()).toBe('有')
    expect(wrapper.get('[data-testid="face-stage-8"]').text()).toBe('待进场')
    expect(wrapper.get('[data-testid="face-stage-7"]').text()).toBe('在场')
    expect(rowOf(wrapper, '测试工人甲').text()).toContain('木工二班')
    expect(rowOf(wrapper, '测试工人甲').get('[data-testid="face-capture-8"]').text()).toBe('采集')
    expect(rowOf(wrapper, '测试工人乙').get('[data-testid="face-capture-7"]').text()).toBe('重新采集')
  })

  it('searches by 姓名, 班组, 有无 and 状态', async () => {
    const { wrapper } = await mountView(FaceList)
    await wrapper.get('[data-testid="faces-name"]').setValue(' 测试 ')
    await wrapper.get('[data-testid="faces-team"]').setValue('木工')
    await chooseOption(wrapper, 'faces-has-face', '无')
    await chooseOption(wrapper, 'faces-stage', '待进场')

    await wrapper.get('[data-testid="faces-filters"]').trigger('submit')
    await flushPromises()

    expect(listFaces).toHaveBeenLastCalledWith(3, {
      name: '测试', team: '木工', has_face: 'false', stage: 'awaiting_entry', page: 1, page_size: 20,
    })
  })

  it('采集 from a file: 核验 sends the photo and the list shows the face', async () => {
    enrollFaceFile.mockResolvedValue({ person_id: 8, enrolled: true, enrolled_at: '2026-12-01T09:00:00+08:00' })
    const { wrapper } = await mountView(FaceList)
    await click(wrapper.get('[data-testid="face-capture-8"]'))
    expect(wrapper.get('[data-testid="face-dialog"]').text()).toContain('不戴眼镜和帽子')

    const photo = new File([new Uint8Array(2048)], '工人甲.jpg', { type: 'image/jpeg' })
    await choosePhoto(wrapper, photo)
    listFaces.mockResolvedValue({ items: [{ ...WITHOUT, enrolled: true }, WITH], total: 2 })
    await click(wrapper.get('[data-testid="face-verify"]'))

    expect(enrollFaceFile).toHaveBeenCalledWith(3, 8, photo)
    expect(wrapper.find('[data-testid="face-dialog"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="face-state-8"]').text()).toBe('有')
  })

  it('shows the refusal in the dialog, naming the rule that failed', async () => {
    enrollFaceFile.mockRejectedValue(new ApiError({
      status: 422, code: 'FACE_NOT_FRONTAL', message: '人脸未正对镜头，请正面拍照', fields: {},
    }))
    const { wrapper } = await mountView(FaceList)
    await click(wrapper.get('[data-testid="face-capture-8"]'))
    await choosePhoto(wrapper, new File([new Uint8Array(10)], 'side.png', { type: 'image/png' }))

    await click(wrapper.get('[data-testid="face-verify"]'))

    expect(wrapper.get('[data-testid="face-refusal"]').text()).toContain('人脸未正对镜头，请正面拍照')
    expect(wrapper.find('[data-testid="face-dialog"]').exists()).toBe(true)
  })

  it('refuses a file that is not a photo, or too large, before sending it', async () => {
    const { wrapper } = await mountView(FaceList)
    await click(wrapper.get('[data-testid="face-capture-8"]'))

    await choosePhoto(wrapper, new File(['%PDF'], 'scan.pdf', { type: 'application/pdf' }))
    expect(wrapper.get('[data-testid="face-refusal"]').text()).toContain('请选择JPG或PNG照片')
    await choosePhoto(wrapper, new File([new Uint8Array(4 * 1024 * 1024 + 1)], 'big.jpg', { type: 'image/jpeg' }))
    expect(wrapper.get('[data-testid="face-refusal"]').text()).toContain('照片不能超过4MB')
    expect(wrapper.get('[data-testid="face-verify"]').attributes('disabled')).toBeDefined()
    expect(enrollFaceFile).not.toHaveBeenCalled()
  })

  it('says so when there is no camera, and offers the file instead', async () => {
    Object.defineProperty(navigator, 'mediaDevices', { value: undefined, configurable: true })
    const { wrapper } = await mountView(FaceList)
    await click(wrapper.get('[data-testid="face-capture-8"]'))

    await click(wrapper.get('[data-testid="face-camera"]'))

    expect(wrapper.get('[data-testid="face-no-camera"]').text()).toContain('未检测到可用的摄像头')
    expect(wrapper.find('[data-testid="face-choose-file"]').exists()).toBe(true)
  })

  it('takes the photo from the camera and sends it as a JPEG', async () => {
    const stop = vi.fn()
    const getUserMedia = vi.fn(() => Promise.resolve({ getTracks: () => [{ stop }] }))
    Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true })
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined)
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue({ drawImage: vi.fn() })
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockReturnValue('data:image/jpeg;base64,/9j/AAA=')
    enrollFaceImage.mockResolvedValue({ person_id: 8, enrolled: true })
    const { wrapper } = await mountView(FaceList)
    await click(wrapper.get('[data-testid="face-capture-8"]'))

    await click(wrapper.get('[data-testid="face-camera"]'))
    await click(wrapper.get('[data-testid="face-take"]'))
    await click(wrapper.get('[data-testid="face-verify"]'))

    expect(getUserMedia).toHaveBeenCalled()
    expect(stop).toHaveBeenCalled()
    expect(enrollFaceImage).toHaveBeenCalledWith(3, 8, 'data:image/jpeg;base64,/9j/AAA=')
    vi.restoreAllMocks()
  })

  it('审核 shows the photo the worker sent; 退回 needs a reason, 通过 makes it the face', async () => {
    const waiting = {
      ...WITHOUT, submission: { id: 4, person_id: 8, state: 'pending', submitted_at: '2026-12-01T07:00:00+08:00' },
    }
    listFaces.mockResolvedValue({ items: [waiting, WITH], total: 2 })
    faceSubmissionPhoto.mockResolvedValue(new Blob(['jpeg'], { type: 'image/jpeg' }))
    URL.createObjectURL = vi.fn(() => 'blob:photo')
    URL.revokeObjectURL = vi.fn()
    decideFaceSubmission.mockResolvedValue({ id: 4, state: 'accepted' })
    const { wrapper } = await mountView(FaceList)
    expect(wrapper.get('[data-testid="face-waiting-8"]').text()).toBe('待审核照片')
    expect(wrapper.find('[data-testid="face-waiting-7"]').exists()).toBe(false)

    await click(wrapper.get('[data-testid="face-review-8"]'))
    expect(faceSubmissionPhoto).toHaveBeenCalledWith(3, 4)
    expect(wrapper.get('[data-testid="face-review-photo"]').attributes('src')).toBe('blob:photo')
    await click(wrapper.get('[data-testid="face-review-return"]'))
    await click(wrapper.get('[data-testid="face-review-return-confirm"]'))
    expect(wrapper.get('[data-testid="face-review-reason-error"]').text()).toBe('请填写退回原因')
    expect(decideFaceSubmission).not.toHaveBeenCalled()
    await wrapper.get('[data-testid="face-review-reason"]').setValue('戴了帽子')
    await click(wrapper.get('[data-testid="face-review-return-confirm"]'))
    expect(decideFaceSubmission).toHaveBeenLastCalledWith(3, 4, false, '戴了帽子')
    expect(wrapper.find('[data-testid="face-review-dialog"]').exists()).toBe(false)

    await click(wrapper.get('[data-testid="face-review-8"]'))
    await click(wrapper.get('[data-testid="face-review-accept"]'))
    expect(decideFaceSubmission).toHaveBeenLastCalledWith(3, 4, true, null)
    expect(listFaces).toHaveBeenCalledTimes(3) // the list again after each decision
  })
})
