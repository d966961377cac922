import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import ProjectLifePanel from '@/views/projects/ProjectLifePanel.vue'
import { entryRulesOf, stateActionsFor } from '@/views/projects/projectLife'
import { ApiError } from '@/api/request'
import { changeProjectState, setProjectRules } from '@/api/projects'
import { mountView } from './mountView'

vi.mock('@/api/projects', () => ({ changeProjectState: vi.fn(), setProjectRules: vi.fn() }))

const PROJECT = {
  id: 7, name: '滨江花园', state: 'in_progress', assignment_required: true, binding_review_required: false,
}

describe('which of 停工 / 复工 / 竣工 a project state offers', () => {
  it.each([
    ['in_progress', ['suspend', 'complete']],
    ['suspended', ['resume', 'complete']],
    ['completed', []],
    ['pending_review', []],
    ['rejected', []],
  ])('%s offers %j', (state, actions) => {
    expect(stateActionsFor(state)).toEqual(actions)
  })

  it('the switches start from the project’s rules, a rule it lacks as off', () => {
    expect(entryRulesOf(PROJECT)).toEqual({ assignment_required: true, binding_review_required: false })
    expect(entryRulesOf({ id: 8 })).toEqual({ assignment_required: false, binding_review_required: false })
  })
})

describe('ProjectLifePanel (the authority’s 停工 / 复工 / 竣工 and entry rules)', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    vi.clearAllMocks()
    document.body.innerHTML = ''
  })

  async function mounted(project = PROJECT) {
    return (await mountView(ProjectLifePanel, { props: { project } })).wrapper
  }

  it('a project in progress offers 停工 and 竣工, not 复工', async () => {
    const wrapper = await mounted()
    expect(wrapper.find('[data-testid="project-suspend"]').text()).toBe('停工')
    expect(wrapper.find('[data-testid="project-complete"]').text()).toBe('竣工')
    expect(wrapper.find('[data-testid="project-resume"]').exists()).toBe(false)
  })

  it('竣工 asks first, says it is final, and hands on the completed project', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    changeProjectState.mockResolvedValue({ ...PROJECT, state: 'completed' })
    const wrapper = await mounted()
    await wrapper.get('[data-testid="project-complete"]').trigger('click')
    await flushPromises()
    expect(confirm.mock.calls[0][0]).toContain('不可撤销')
    expect(changeProjectState).toHaveBeenCalledWith(7, 'complete')
    expect(wrapper.emitted('changed')[0][0].state).toBe('completed')
  })

  it('nothing changes when the confirmation is dismissed', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel')
    const wrapper = await mounted()
    await wrapper.get('[data-testid="project-suspend"]').trigger('click')
    await flushPromises()
    expect(changeProjectState).not.toHaveBeenCalled()
    expect(wrapper.emitted('changed')).toBeUndefined()
  })

  it('a refusal is shown with its message', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm')
    changeProjectState.mockRejectedValue(new ApiError({
      status: 409, code: 'PROJECT_NOT_IN_PROGRESS', message: '该项目不是在建状态',
    }))
    const wrapper = await mounted()
    await wrapper.get('[data-testid="project-suspend"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('该项目不是在建状态')
    expect(wrapper.emitted('changed')).toBeUndefined()
  })

  it('保存 sends both rules as switched', async () => {
    setProjectRules.mockResolvedValue({ ...PROJECT, binding_review_required: true })
    const wrapper = await mounted()
    await wrapper.get('[data-testid="rule-binding-review-required"]').trigger('click')
    await wrapper.get('[data-testid="rules-save"]').trigger('click')
    await flushPromises()
    expect(setProjectRules).toHaveBeenCalledWith(7, { assignment_required: true, binding_review_required: true })
    expect(wrapper.emitted('changed')[0][0].binding_review_required).toBe(true)
  })
})
