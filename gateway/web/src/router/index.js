import { createRouter, createWebHistory } from 'vue-router'
import AppLayout from '@/layout/AppLayout.vue'
import { canNavigate, homeOf } from '@/layout/menu'
import { getToken } from '@/api/request'
import { ensureAccount } from '@/store/session'

const routes = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/LoginView.vue'),
    meta: { public: true },
  },
  {
    path: '/',
    component: AppLayout,
    children: [
      // each role's home is its menu's first screen (router.beforeEach sends it there)
      { path: '', name: 'home', component: { render: () => null } },
      {
        path: 'persons',
        name: 'persons',
        component: () => import('@/views/persons/PersonList.vue'),
        meta: { nav: 'persons' },
      },
      {
        path: 'persons/new',
        name: 'person-register',
        component: () => import('@/views/persons/PersonRegister.vue'),
        meta: { nav: 'personRegister' },
      },
      {
        path: 'persons/lookup',
        name: 'person-lookup',
        component: () => import('@/views/persons/PersonLookup.vue'),
        meta: { nav: 'personLookup' },
      },
      {
        path: 'persons/:id(\\d+)',
        name: 'person-detail',
        component: () => import('@/views/persons/PersonDetail.vue'),
        props: true,
        meta: { nav: 'persons' },
      },
      {
        path: 'site/entries',
        name: 'entries',
        component: () => import('@/views/site/EntryList.vue'),
        meta: { nav: 'entries' },
      },
      {
        path: 'site/exits',
        name: 'exits',
        component: () => import('@/views/site/ExitList.vue'),
        meta: { nav: 'exits' },
      },
      {
        path: 'site/roster',
        name: 'roster',
        component: () => import('@/views/site/RosterList.vue'),
        meta: { nav: 'roster' },
      },
      {
        path: 'authority/enterprises',
        name: 'enterprises',
        component: () => import('@/views/authority/EnterpriseList.vue'),
        meta: { nav: 'enterprises' },
      },
      {
        path: 'authority/projects',
        name: 'projects',
        component: () => import('@/views/authority/ProjectList.vue'),
        meta: { nav: 'projects' },
      },
      {
        path: 'system/health',
        name: 'health',
        component: () => import('@/views/system/HealthView.vue'),
        meta: { nav: 'health' },
      },
    ],
  },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const toLogin = { name: 'login', query: { redirect: to.fullPath } }
  if (!getToken()) return toLogin
  let account
  try {
    account = await ensureAccount()
  } catch {
    return toLogin
  }
  if (to.name === 'home' || (to.meta.nav && !canNavigate(account.role, to.meta.nav))) return homeOf(account.role)
  return true
})
