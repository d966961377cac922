import { afterEach, describe, expect, it, vi } from 'vitest'
import SiteHistoryDrawer from '@/views/site/SiteHistoryDrawer.vue'
import { getPersonEmployments } from '@/api/employments'
import { getPersonSiteHistory } from '@/api/persons'
import { getReference } from '@/api/reference'
import { mountView, REFERENCE } from './mountView'

vi.mock('@/api/employments', () => ({ getPersonEmployments: vi.fn() }))
vi.mock('@/api/persons', () => ({ getPersonSiteHistory: vi.fn() }))
vi.mock('@/api/reference', () => ({ getReference: vi.fn() }))

describe('用工查询 履历: the person’s employers', () => {
  afterEach(() => {
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  it('lists employer, from, to and how it ended, newest first as the server sends them', async () => {
    getReference.mockResolvedValue(REFERENCE)
    getPersonSiteHistory.mockResolvedValue([])
    getPersonEmployments.mockResolvedValue([
      { relation_id: 2, enterprise_id: 4, enterprise_name: '示例建设有限公司', role: 'worker', from: '2026-10-01T02:00:00+00:00', to: null, end_reason: null, state: 'employed' },
      { relation_id: 1, enterprise_id: 3, enterprise_name: '示例劳务有限公司', role: 'manager', from: '2026-01-05', to: '2026-09-30', end_reason: 'transferred_out', state: 'ended' },
    ])
    const { wrapper } = await mountView(SiteHistoryDrawer, { props: { entry: { person_id: 12, name: '测试工人甲' } } })

    expect(getPersonEmployments).toHaveBeenCalledWith(12)
    const rows = wrapper.findAll('[data-testid="employment-history-table"] .el-table__body-wrapper tbody tr')
    expect(rows).toHaveLength(2)
    expect(rows[0].text()).toContain('示例建设有限公司')
    expect(rows[0].text()).toContain('2026-10-01')
    expect(rows[0].text()).toContain('在职')
    expect(rows[1].text()).toContain('示例劳务有限公司')
    expect(rows[1].text()).toContain('管理员')
    expect(rows[1].text()).toContain('2026-09-30')
    expect(rows[1].text()).toContain('离职迁出')
  })
})
