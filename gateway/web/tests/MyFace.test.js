import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import MyFace from '@/views/mobile/MyFace.vue'
import { getMyFace, submitMyFace } from '@/api/attendance'
import { ApiError } from '@/api/request'
import { mountMobile } from './mountMobile'

vi.mock('@/api/attendance', () => ({ getMyFace: vi.fn(), submitMyFace: vi.fn() }))

async function pick(wrapper, file) {
  const input = wrapper.get('[data-testid="m-face-file"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  await flushPromises()
}

const PHOTO = new File([new Uint8Array(4096)], 'me.jpg', { type: 'image/jpeg' })

describe('MyFace (我的人脸照片, the worker’s mobile page)', () => {
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => 'blob:me')
    URL.revokeObjectURL = vi.fn()
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('takes the photo from the front camera and sends it for the site to review', async () => {
    getMyFace.mockResolvedValueOnce({ enrolled: false, enrolled_at: null, submission: null })
    const { wrapper } = await mountMobile(MyFace, '/m/face')
    expect(wrapper.get('[data-testid="m-face-enrolled"]').text()).toBe('尚未采集人脸')
    expect(wrapper.get('[data-testid="m-face-file"]').attributes('capture')).toBe('user')
    expect(wrapper.text()).toContain('不戴眼镜和帽子')

    await pick(wrapper, PHOTO)
    expect(wrapper.get('[data-testid="m-face-preview"]').attributes('src')).toBe('blob:me')
    submitMyFace.mockResolvedValue({ id: 4, state: 'pending' })
    getMyFace.mockResolvedValueOnce({
      enrolled: false, enrolled_at: null,
      submission: { id: 4, state: 'pending', submitted_at: '2026-12-01T07:00:00+08:00', reason: null },
    })
    await wrapper.get('[data-testid="m-face-send"]').trigger('click')
    await flushPromises()

    expect(submitMyFace).toHaveBeenCalledWith(PHOTO)
    expect(wrapper.get('[data-testid="m-face-submission"]').text()).toBe('照片待工地审核')
    expect(wrapper.find('[data-testid="m-face-send"]').exists()).toBe(false)
  })

  it('shows the rule a photo failed, and why the site sent one back', async () => {
    getMyFace.mockResolvedValue({
      enrolled: false, enrolled_at: null,
      submission: { id: 3, state: 'rejected', submitted_at: '2026-12-01T07:00:00+08:00', reason: '戴了帽子' },
    })
    const { wrapper } = await mountMobile(MyFace, '/m/face')
    expect(wrapper.get('[data-testid="m-face-reason"]').text()).toContain('退回原因：戴了帽子')

    await pick(wrapper, new File(['x'], 'note.txt', { type: 'text/plain' }))
    expect(wrapper.get('[data-testid="m-face-refusal"]').text()).toContain('请选择JPG或PNG照片')

    submitMyFace.mockRejectedValue(new ApiError({
      status: 422, code: 'FACE_MULTIPLE', message: '照片中有多张人脸，请只拍摄本人', fields: {},
    }))
    await pick(wrapper, PHOTO)
    await wrapper.get('[data-testid="m-face-send"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="m-face-refusal"]').text()).toContain('照片中有多张人脸，请只拍摄本人')
  })
})
