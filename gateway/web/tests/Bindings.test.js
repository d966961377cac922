import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import BindingProjects from '@/views/bindings/BindingProjects.vue'
import {
  decideBindings,
  listBindingPeople,
  listBindingProjects,
  listBindingReviewProjects,
  submitBindings,
} from '@/api/bindings'
import { getReference } from '@/api/reference'
import { session } from '@/store/session'
import { EMPLOYMENT_REFERENCE } from './fixtures/employmentReference'
import { mountView } from './mountView'

vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))
vi.mock('@/api/bindings', () => ({
  listBindingProjects: vi.fn(),
  listBindingReviewProjects: vi.fn(),
  listBindingPeople: vi.fn(),
  submitBindings: vi.fn(),
  decideBindings: vi.fn(),
}))

const PROJECT = {
  id: 3, registration_number: '2103HK0001', name: '江川路小区成套改造', state: 'in_progress',
  binding_review_required: true, manager_count: 1, worker_count: 2, draft_count: 2, pending_review_count: 1,
  rejected_count: 0, approved_count: 0,
}
const person = (id, name, state, extra = {}) => ({
  assignment_id: id, binding_id: state === 'draft' ? null : id + 100, project_id: 3, person_id: id, person_name: name,
  id_number_masked: '310*****123', enterprise_id: 7, enterprise_name: '申江劳务', role: 'worker', state,
  face_verified: state !== 'draft', reason: null, ...extra,
})
const boxes = (wrapper) => wrapper.findAll('[data-testid="binding-people-table"] .el-table__body-wrapper .el-checkbox')

describe('项目人员绑定 and its review', () => {
  beforeEach(() => {
    session.account = { username: 'qy_labour', role: 'enterprise', scope_name: '申江劳务' }
    getReference.mockResolvedValue(EMPLOYMENT_REFERENCE)
    listBindingProjects.mockResolvedValue({ items: [PROJECT], total: 1 })
    listBindingReviewProjects.mockResolvedValue({ items: [PROJECT], total: 1 })
    submitBindings.mockResolvedValue({ submitted: 2, items: [] })
    decideBindings.mockResolvedValue({ decided: 2, items: [] })
  })
  afterEach(() => {
    vi.clearAllMocks()
    session.account = null
    document.body.innerHTML = ''
  })

  it('shows 管理人员数量 and 现场作业人员数量, opens the workers and submits the ticked ones (人脸识别 as enrolled)', async () => {
    listBindingPeople.mockResolvedValue({
      items: [person(1, '王甲', 'draft'), person(2, '李乙', 'rejected', { reason: '照片不清' })], total: 2,
    })
    const { wrapper } = await mountView(BindingProjects, { props: { mode: 'submit' } })
    await wrapper.get('[data-testid="binding-count-worker_count-2103HK0001"]').trigger('click')
    await flushPromises()
    expect(listBindingPeople).toHaveBeenCalledWith(expect.objectContaining({ project_id: 3, role: 'worker' }))
    expect(document.body.textContent).toContain('照片不清')
    expect(wrapper.get('[data-testid="binding-face-hint"]').text()).toContain('人脸采集')
    for (const box of boxes(wrapper)) await box.trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="binding-submit"]').trigger('click')
    await flushPromises()
    expect(submitBindings).toHaveBeenCalledWith(3, [{ assignment_id: 1 }, { assignment_id: 2 }], expect.objectContaining({}))
  })

  it('the 实施单位 opens 实施单位待审核人员 and approves the ticked ones in one request', async () => {
    listBindingPeople.mockResolvedValue({ items: [person(1, '王甲', 'pending_review'), person(2, '李乙', 'pending_review')], total: 2 })
    const { wrapper } = await mountView(BindingProjects, { props: { mode: 'review' } })
    expect(wrapper.text()).toContain('实施单位待审核人员')
    await wrapper.get('[data-testid="binding-count-pending_review_count-2103HK0001"]').trigger('click')
    await flushPromises()
    expect(listBindingPeople).toHaveBeenCalledWith(expect.objectContaining({ project_id: 3, state: 'pending_review' }))
    for (const box of boxes(wrapper)) await box.trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="binding-approve"]').trigger('click')
    await flushPromises()
    expect(decideBindings).toHaveBeenCalledWith([101, 102], 'approve', null, expect.objectContaining({}))
  })
})
