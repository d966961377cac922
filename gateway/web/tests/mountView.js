import { mount, flushPromises } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/i18n'
import reference from './fixtures/reference.json'

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
      { path: '/persons/new', name: 'person-register', component: Blank },
      { path: '/persons/:id', name: 'person-detail', component: Blank },
      { path: '/login', name: 'login', component: Blank },
      // the other screens' paths, so a view may go anywhere a user can
      { path: '/:rest(.*)*', component: Blank },
    ],
  })
  router.push('/')
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [i18n, router], stubs: { ElDatePicker: DatePicker } }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** The code tables GET /reference serves (written by scripts/reference_tables.py from the services' own tables). */
export const REFERENCE = reference

/** The `n`th row of `table` that a select offers for new input (not legacy). */
export const offered = (table, n = 0) => REFERENCE[table].filter((row) => !row.legacy)[n]

// The options of the select carrying `testId`: its input names its listbox (poppers live on <body>).
function optionItems(wrapper, testId) {
  const listbox = wrapper.get(`[data-testid="${testId}"] input`).attributes('aria-controls')
  const root = (listbox && document.getElementById(listbox)) || document
  return [...root.querySelectorAll('.el-select-dropdown__item')]
}

/** The texts of the options the select carrying `testId` offers once opened. */
export async function optionsOf(wrapper, testId) {
  await wrapper.get(`[data-testid="${testId}"] .el-select__wrapper`).trigger('click')
  await flushPromises()
  return optionItems(wrapper, testId).map((item) => item.textContent.trim())
}

/** Opens the select carrying `testId` and clicks its option whose text starts with `label`. */
export async function chooseOption(wrapper, testId, label) {
  await wrapper.get(`[data-testid="${testId}"] .el-select__wrapper`).trigger('click')
  await flushPromises()
  const option = optionItems(wrapper, testId).find((item) => item.textContent.trim().startsWith(label))
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
