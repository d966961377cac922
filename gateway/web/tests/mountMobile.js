import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/i18n'

const Blank = { template: '<div />' }

/** Mounts a view of the worker's mobile page at `path`, with the app's i18n and the mobile routes' names. */
export async function mountMobile(component, path = '/m') {
  setLocale('zh-CN')
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/m/login', name: 'm-login', component: Blank },
      { path: '/m/activate', name: 'm-activate', component: Blank },
      { path: '/m', name: 'm-employments', component: Blank },
      { path: '/m/me', name: 'm-me', component: Blank },
      { path: '/m/code', name: 'm-code', component: Blank },
      { path: '/m/face', name: 'm-face', component: Blank },
      { path: '/m/attendance', name: 'm-attendance', component: Blank },
      { path: '/:rest(.*)*', component: Blank },
    ],
  })
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { global: { plugins: [i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** Waits out Element Plus's 100 ms debounce before a form item shows its error. */
export const formErrorsShown = () => new Promise((resolve) => setTimeout(resolve, 150))
