import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import MyDeclarations from '@/views/projects/MyDeclarations.vue'
import ProjectReview from '@/views/projects/ProjectReview.vue'
import {
  getProjectReference, getSiteAccount, listDeclarations, receiveSiteAccount, rejectProject,
} from '@/api/projects'
import { mountView } from './mountView'

vi.mock('@/api/projects', () => ({
  getProjectReference: vi.fn(),
  listDeclarations: vi.fn(),
  approveProject: vi.fn(),
  rejectProject: vi.fn(),
  getSiteAccount: vi.fn(),
  receiveSiteAccount: vi.fn(),
}))

const STATES = [
  { code: 'pending_review', name: '待审核', name_en: 'Pending review' },
  { code: 'rejected', name: '审核不通过', name_en: 'Rejected' },
  { code: 'in_progress', name: '在建', name_en: 'In progress' },
]
const project = (id, state, extra = {}) => ({
  id, state, name: `示例项目${id}`, registration_number: `310104202600000${id}`, area_name: '上海市 市辖区 徐汇区',
  general_contractor_name: '示例建设集团', declared_at: '2026-11-30T10:00:00+00:00', rejection_reason: null, ...extra,
})

describe('项目申报 pages', () => {
  beforeEach(() => {
    getProjectReference.mockResolvedValue({ project_states: STATES, regions: [] })
  })
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('the authority rejects a pending declaration with a reason', async () => {
    listDeclarations.mockResolvedValue({ items: [project(1, 'pending_review')], total: 1 })
    rejectProject.mockResolvedValue(project(1, 'rejected', { rejection_reason: '资料不全' }))
    const { wrapper } = await mountView(ProjectReview)
    expect(listDeclarations).toHaveBeenLastCalledWith({ q: '', state: 'pending_review', page: 1, page_size: 20 })
    expect(wrapper.get('[data-testid="review-table"]').text()).toContain('待审核')

    await wrapper.get('[data-testid="review-reject"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="reason-input"]').setValue('资料不全')
    await wrapper.get('[data-testid="reason-submit"]').trigger('click')
    await flushPromises()
    expect(rejectProject).toHaveBeenCalledWith(1, '资料不全', expect.objectContaining({ idempotencyKey: expect.any(String) }))
  })

  it('the declarer reads the reason, and receives the project login once', async () => {
    listDeclarations.mockResolvedValue({
      items: [project(1, 'rejected', { rejection_reason: '施工许可证号有误' }), project(2, 'in_progress')], total: 2,
    })
    getSiteAccount.mockResolvedValue({ project_id: 2, username: 'xm3101042026000002', received: false })
    receiveSiteAccount.mockResolvedValue({
      project_id: 2, username: 'xm3101042026000002', received: true, password: 'Ab3dEf6hIj9k',
    })
    const { wrapper } = await mountView(MyDeclarations)
    const rows = wrapper.findAll('[data-testid="declarations-table"] tbody tr')
    expect(rows[0].text()).toContain('施工许可证号有误')
    expect(rows[0].find('[data-testid="declaration-resubmit"]').exists()).toBe(true)
    expect(rows[0].find('[data-testid="declaration-receive-account"]').exists()).toBe(false)

    await rows[1].get('[data-testid="declaration-receive-account"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid="site-account-username"]').textContent).toBe('xm3101042026000002')
    expect(document.querySelector('[data-testid="site-account-password"]')).toBeNull()
    document.querySelector('[data-testid="site-account-receive"]').click()
    await flushPromises()
    expect(receiveSiteAccount).toHaveBeenCalledWith(2)
    expect(document.querySelector('[data-testid="site-account-password"]').textContent).toBe('Ab3dEf6hIj9k')
    expect(document.querySelector('[data-testid="site-account-receive"]')).toBeNull()
  })
})
