import { mount, flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/i18n'

const Blank = { template: '<div />' }

// happy-dom takes about two seconds to render each Element Plus date picker; a plain input with the same
// v-model keeps a form of four dates testable in milliseconds. The browser tests drive the real picker.
const DatePicker = {
  props: { modelValue: { type: String, default: null }, disabled: Boolean },
  emits: ['update:modelValue'],
  template: `<input :value="modelValue" :disabled="disabled" @input="$emit('update:modelValue', $event.target.value)">`,
}

/** Mounts a view with the app's i18n and a router that knows the route names views link to. */
export async function mountView(component, { props } = {}) {
  setLocale('zh-CN')
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Blank },
      { path: '/persons', name: 'persons', component: Blank },
      { path: '/persons/:id', name: 'person-detail', component: Blank },
    ],
  })
  router.push('/')
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [i18n, router], stubs: { ElDatePicker: DatePicker } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

export const REFERENCE = {
  id_document_types: [{ code: '01', name: '居民身份证', name_en: 'Resident identity card' }],
  ethnicities: [{ code: '01', name: '汉族', name_en: 'Han' }],
  genders: [
    { code: '1', name: '男', name_en: 'Male' },
    { code: '2', name: '女', name_en: 'Female' },
  ],
  trades: [
    { code: '020', name: '钢筋工', name_en: 'Steel fixer' },
    { code: '030', name: '木工', name_en: 'Carpenter' },
  ],
  education_levels: [{ code: '70', name: '高中毕业', name_en: 'Senior high school' }],
  unit_types: [{ code: 'labour_subcontractor', name: '劳务分包', name_en: 'Labour subcontractor' }],
  evaluations: [
    { code: 'excellent', name: '优', name_en: 'Excellent' },
    { code: 'good', name: '良', name_en: 'Good' },
    { code: 'fair', name: '中', name_en: 'Fair' },
    { code: 'poor', name: '差', name_en: 'Poor' },
  ],
  entry_states: [
    { code: 'on_site', name: '在场', name_en: 'On site' },
    { code: 'exited', name: '已退场', name_en: 'Exited' },
  ],
}

/** Opens the select carrying `testId` and clicks its option whose text starts with `label` (poppers live on <body>). */
export async function chooseOption(wrapper, testId, label) {
  await wrapper.get(`[data-testid="${testId}"] .el-select__wrapper`).trigger('click')
  await flushPromises()
  const option = [...document.querySelectorAll('.el-select-dropdown__item')].find(
    (item) => item.textContent.trim().startsWith(label),
  )
  if (!option) throw new Error(`no option ${label} for ${testId}`)
  option.click()
  await flushPromises()
}

/** Waits out Element Plus's 100 ms debounce before a form item shows its error. */
export const formErrorsShown = () => new Promise((resolve) => setTimeout(resolve, 150))

/** The error text under the form item that holds the element with `testId`. */
export function itemError(wrapper, testId) {
  const item = wrapper.get(`[data-testid="${testId}"]`).element.closest('.el-form-item')
  return item.querySelector('.el-form-item__error')?.textContent.trim() ?? ''
}
