import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import ManagerProfile from '@/views/persons/ManagerProfile.vue'
import {
  deletePersonDocument,
  fetchPersonDocument,
  getManagerProfile,
  saveManagerProfile,
  uploadPersonDocument,
} from '@/api/managerProfiles'
import { getReference } from '@/api/reference'
import { ApiError } from '@/api/request'
import { session } from '@/store/session'
import { formErrorsShown, mountView, optionsOf, REFERENCE } from './mountView'

vi.mock('@/api/managerProfiles', () => ({
  getManagerProfile: vi.fn(),
  saveManagerProfile: vi.fn(),
  uploadPersonDocument: vi.fn(),
  fetchPersonDocument: vi.fn(),
  deletePersonDocument: vi.fn(),
}))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

function profile(overrides = {}) {
  return {
    person: { id: 12, name: '示例管理', id_number_masked: '310*****514', gender: '1', ethnicity: '01',
      birth_date: '1985-03-02', phone_masked: '139****5204' },
    age: 41,
    former_name: null,
    social_insurance: '城镇职工社会保险',
    social_insurance_proof_date: '2026-11-01',
    social_insurance_proof_age_days: 29,
    social_insurance_proof_expired: false,
    professional_title: '工程师',
    hukou_type: '1',
    hukou_location: null,
    residence_address: null,
    residence_detail: null,
    native_place: null,
    marital_status: '02',
    highest_education: '06',
    highest_education_type: null,
    highest_degree: null,
    education: [{ school: '示例大学', starts_on: '2004-09-01', ends_on: '2008-07-01', major: '土木工程', graduated: true }],
    emergency_contacts: [{ id: 5, relationship: '配偶', name: '示例联系人', phone_masked: '138****5678' }],
    trainings: [],
    titles: [],
    licences: [],
    awards: [],
    documents: [],
    editable: true,
    updated_by: 'qiye7',
    updated_at: '2026-11-30T10:00:00+00:00',
    ...overrides,
  }
}

async function open(answer = profile()) {
  getManagerProfile.mockResolvedValue(answer)
  return (await mountView(ManagerProfile, { props: { id: '12' } })).wrapper
}

async function save(wrapper) {
  await wrapper.get('[data-testid="manager-profile-save"]').trigger('click')
  await flushPromises()
}

describe('ManagerProfile', () => {
  beforeEach(() => {
    getReference.mockResolvedValue(REFERENCE)
    fetchPersonDocument.mockResolvedValue(new Blob(['x'], { type: 'image/png' }))
    session.account = { username: 'qiye7', role: 'enterprise', scope_name: '示例劳务' }
    globalThis.URL.createObjectURL = vi.fn(() => 'blob:photo')
    globalThis.URL.revokeObjectURL = vi.fn()
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('shows the person, the profile and its sections as stored', async () => {
    const wrapper = await open()

    expect(getManagerProfile).toHaveBeenCalledWith('12')
    expect(wrapper.text()).toContain('示例管理')
    expect(wrapper.text()).toContain('310*****514')
    expect(wrapper.get('[data-testid="mp-professional_title"]').element.value).toBe('工程师')
    expect(wrapper.get('[data-testid="education-0-school"]').element.value).toBe('示例大学')
    expect(wrapper.get('[data-testid="emergency_contacts-0-phone"]').attributes('placeholder')).toBe('138****5678')
    expect(await optionsOf(wrapper, 'mp-hukou_type')).toEqual(REFERENCE.hukou_types.map((row) => row.name))
  })

  it('adds and removes rows and sends every section whole, keeping a contact number left empty', async () => {
    saveManagerProfile.mockImplementation(async (id, body) => profile(body))
    const wrapper = await open()

    await wrapper.get('[data-testid="section-awards-add"]').trigger('click')
    await wrapper.get('[data-testid="awards-0-award_name"]').setValue('优秀项目经理')
    await wrapper.get('[data-testid="section-education-add"]').trigger('click')
    await wrapper.get('[data-testid="education-1-school"]').setValue('示例研究生院')
    await wrapper.get('[data-testid="section-education-remove-0"]').trigger('click')
    await wrapper.get('[data-testid="emergency_contacts-0-name"]').setValue('改过的名字')
    await save(wrapper)

    const [id, body] = saveManagerProfile.mock.calls[0]
    expect(id).toBe('12')
    expect(body.education).toEqual([{ school: '示例研究生院', starts_on: null, ends_on: null, major: null, graduated: null }])
    expect(body.awards).toEqual([{ award_name: '优秀项目经理', awarded_by: null, awarded_on: null, remark: null }])
    expect(body.emergency_contacts).toEqual([{ id: 5, relationship: '配偶', name: '改过的名字' }])
    expect(body.hukou_type).toBe('1')
    expect(body.former_name).toBeNull()
  })

  it('shows each refused field on its row', async () => {
    saveManagerProfile.mockRejectedValue(new ApiError({
      status: 422, code: 'INVALID_MANAGER_PROFILE', message: '管理人员信息有误，请检查标红的内容',
      fields: { 'education.0.ends_on': '截止时间早于开始时间', former_name: '内容过长' },
    }))
    const wrapper = await open()

    await save(wrapper)
    await formErrorsShown()

    expect(wrapper.get('[data-testid="education-0-ends_on-error"]').text()).toBe('截止时间早于开始时间')
    expect(wrapper.get('[data-testid="manager-profile-error"]').text()).toContain('标红')
    expect(wrapper.text()).toContain('内容过长')
  })

  it('flags a social insurance proof older than 60 days', async () => {
    const wrapper = await open(profile({
      social_insurance_proof_age_days: 75, social_insurance_proof_expired: true,
      documents: [{ id: 3, kind: 'social_insurance_proof', filename: '社保.pdf', content_type: 'application/pdf',
        size: 2048, uploaded_at: '2026-09-01T08:00:00+00:00' }],
    }))

    expect(wrapper.get('[data-testid="proof-expired"]').text()).toContain('75')
    expect(wrapper.get('[data-testid="attachment-proof-expired"]').text()).toBe('已超过60天')
  })

  it('previews the photo and uploads a new one, refusing a file of another type before sending', async () => {
    const photo = { id: 9, kind: 'photo', filename: '相片.png', content_type: 'image/png', size: 100,
      uploaded_at: '2026-11-30T10:00:00+00:00' }
    const wrapper = await open(profile({ documents: [photo] }))
    expect(fetchPersonDocument).toHaveBeenCalledWith(9)
    expect(wrapper.get('[data-testid="manager-photo-preview"]').attributes('src')).toBe('blob:photo')

    const input = wrapper.get('[data-testid="manager-photo-input"]')
    const pdf = new File(['%PDF-'], '伪装.pdf', { type: 'application/pdf' })
    Object.defineProperty(input.element, 'files', { value: [pdf], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(uploadPersonDocument).not.toHaveBeenCalled()

    const png = new File(['png'], '新相片.png', { type: 'image/png' })
    uploadPersonDocument.mockResolvedValue({ ...photo, id: 10 })
    getManagerProfile.mockResolvedValue(profile({ documents: [{ ...photo, id: 10 }] }))
    Object.defineProperty(input.element, 'files', { value: [png], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(uploadPersonDocument).toHaveBeenCalledWith('12', 'photo', png)
    expect(fetchPersonDocument).toHaveBeenLastCalledWith(10)
  })

  it('lists attachments and deletes one', async () => {
    const file = { id: 4, kind: 'attachment', filename: '证书.pdf', content_type: 'application/pdf', size: 4096,
      uploaded_at: '2026-11-30T10:00:00+00:00' }
    const wrapper = await open(profile({ documents: [file] }))
    expect(wrapper.findAll('[data-testid="attachment-row"]')).toHaveLength(1)
    getManagerProfile.mockResolvedValue(profile({ documents: [] }))

    await wrapper.get('[data-testid="attachment-remove-0"]').trigger('click')
    await flushPromises()
    document.querySelector('.el-message-box__btns .el-button--primary').click()
    await flushPromises()

    expect(deletePersonDocument).toHaveBeenCalledWith(4)
    expect(wrapper.findAll('[data-testid="attachment-row"]')).toHaveLength(0)
  })

  it('is read-only for the authority', async () => {
    session.account = { username: 'authority', role: 'authority', scope_name: '监管' }
    const wrapper = await open()

    expect(wrapper.find('[data-testid="manager-profile-save"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="section-education-add"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="manager-photo-input"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="section-education"]').text()).toContain('示例大学')
    expect(wrapper.get('[data-testid="mp-professional_title"]').element.disabled).toBe(true)
  })
})
