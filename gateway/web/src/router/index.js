import { createRouter, createWebHistory } from 'vue-router'
import AppLayout from '@/layout/AppLayout.vue'
import { canNavigate, homeOf } from '@/layout/menu'
import { getToken, selectSession } from '@/api/request'
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
        path: 'persons/:id(\\d+)/manager-profile',
        name: 'manager-profile',
        component: () => import('@/views/persons/ManagerProfile.vue'),
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
      // 考勤 (issue 10)
      {
        path: 'site/attendance/day',
        name: 'attendance-day',
        component: () => import('@/views/attendance/AttendanceDay.vue'),
        meta: { nav: 'attendanceDay' },
      },
      {
        path: 'site/attendance/records',
        name: 'clock-records',
        component: () => import('@/views/attendance/ClockRecords.vue'),
        meta: { nav: 'clockRecords' },
      },
      {
        path: 'attendance/warnings',
        name: 'attendance-warnings',
        component: () => import('@/views/attendance/AttendanceWarnings.vue'),
        meta: { nav: 'attendanceWarnings' },
      },
      {
        path: 'site/attendance/corrections',
        name: 'attendance-corrections',
        component: () => import('@/views/attendance/CorrectionList.vue'),
        meta: { nav: 'attendanceCorrections' },
      },
      {
        path: 'site/faces',
        name: 'faces',
        component: () => import('@/views/attendance/FaceList.vue'),
        meta: { nav: 'faces' },
      },
      {
        path: 'site/devices',
        name: 'devices',
        component: () => import('@/views/attendance/DeviceList.vue'),
        meta: { nav: 'devices' },
      },
      {
        path: 'employments',
        name: 'employments',
        component: () => import('@/views/employment/EmploymentList.vue'),
        meta: { nav: 'employments' },
      },
      {
        path: 'worker-profiles',
        name: 'worker-profiles',
        component: () => import('@/views/workerProfiles/WorkerProfileList.vue'),
        meta: { nav: 'workerProfiles' },
      },
      {
        path: 'teams',
        name: 'teams',
        component: () => import('@/views/teams/TeamList.vue'),
        meta: { nav: 'teams' },
      },
      {
        path: 'contracts',
        name: 'contracts',
        component: () => import('@/views/contracts/ContractList.vue'),
        meta: { nav: 'contracts' },
      },
      {
        path: 'key-positions',
        name: 'keyPositions',
        component: () => import('@/views/keyPositions/KeyPositionBoard.vue'),
        meta: { nav: 'keyPositions' },
      },
      {
        path: 'key-positions/managers',
        name: 'keyPositionManagers',
        component: () => import('@/views/keyPositions/ManagerEntryExit.vue'),
        meta: { nav: 'keyPositionManagers' },
      },
      {
        path: 'authority/key-positions',
        name: 'keyPositionReviews',
        component: () => import('@/views/keyPositions/KeyPositionReviews.vue'),
        meta: { nav: 'keyPositionReviews' },
      },
      {
        path: 'assignments',
        name: 'assignments',
        component: () => import('@/views/assignments/AssignmentProjects.vue'),
        meta: { nav: 'assignments' },
      },
      {
        path: 'bindings',
        name: 'bindings',
        component: () => import('@/views/bindings/BindingProjects.vue'),
        props: { mode: 'submit' },
        meta: { nav: 'bindings' },
      },
      {
        path: 'bindings/reviews',
        name: 'binding-reviews',
        component: () => import('@/views/bindings/BindingProjects.vue'),
        props: { mode: 'review' },
        meta: { nav: 'bindingReviews' },
      },
      {
        path: 'assignments/confirmations',
        name: 'assignment-confirmations',
        component: () => import('@/views/assignments/AssignmentConfirmations.vue'),
        meta: { nav: 'assignmentConfirmations' },
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
        path: 'projects/declare',
        name: 'project-declare',
        component: () => import('@/views/projects/ProjectDeclare.vue'),
        meta: { nav: 'projectDeclare' },
      },
      {
        path: 'projects/declarations',
        name: 'my-declarations',
        component: () => import('@/views/projects/MyDeclarations.vue'),
        meta: { nav: 'myDeclarations' },
      },
      {
        path: 'projects/:id(\\d+)/declaration',
        name: 'project-resubmit',
        component: () => import('@/views/projects/ProjectDeclare.vue'),
        props: true,
        meta: { nav: 'myDeclarations' },
      },
      {
        path: 'projects/review',
        name: 'project-review',
        component: () => import('@/views/projects/ProjectReview.vue'),
        meta: { nav: 'projectReview' },
      },
      {
        path: 'projects/mine',
        name: 'my-projects',
        component: () => import('@/views/projects/ProjectList.vue'),
        meta: { nav: 'myProjects' },
      },
      {
        path: 'projects/:id(\\d+)',
        name: 'project-detail',
        component: () => import('@/views/projects/ProjectDetail.vue'),
        props: true,
        meta: { nav: 'projectDetail' },
      },
      {
        path: 'site/scan-entry',
        name: 'scan-entry',
        component: () => import('@/views/site/ScanEntry.vue'),
        meta: { nav: 'scanEntry' },
      },
      {
        path: 'site/awaiting-entry',
        name: 'awaiting-entry',
        component: () => import('@/views/site/AwaitingEntry.vue'),
        meta: { nav: 'awaitingEntry' },
      },
      {
        path: 'site/authorisations',
        name: 'site-authorisations',
        component: () => import('@/views/site/SiteAuthorisations.vue'),
        meta: { nav: 'siteAuthorisations' },
      },
      {
        path: 'authority/irregular-entries',
        name: 'irregular-entries',
        component: () => import('@/views/site/IrregularEntryList.vue'),
        meta: { nav: 'irregularEntries' },
      },
      {
        path: 'system/health',
        name: 'health',
        component: () => import('@/views/system/HealthView.vue'),
        meta: { nav: 'health' },
      },
    ],
  },
  // the worker's mobile page: a login of its own (store/workerSession), a phone layout, no staff menu
  {
    path: '/m/login',
    name: 'm-login',
    component: () => import('@/views/mobile/WorkerLogin.vue'),
    meta: { mobile: true, public: true },
  },
  {
    path: '/m/activate',
    name: 'm-activate',
    component: () => import('@/views/mobile/WorkerActivate.vue'),
    meta: { mobile: true, public: true },
  },
  {
    path: '/m',
    component: () => import('@/views/mobile/MobileLayout.vue'),
    meta: { mobile: true },
    children: [
      {
        path: '',
        name: 'm-employments',
        component: () => import('@/views/mobile/MyEmployments.vue'),
        meta: { mobile: true },
      },
      {
        path: 'me',
        name: 'm-me',
        component: () => import('@/views/mobile/MyRecord.vue'),
        meta: { mobile: true },
      },
      {
        path: 'code',
        name: 'm-code',
        component: () => import('@/views/mobile/MyCode.vue'),
        meta: { mobile: true },
      },
      // 我的人脸照片: the worker's own photo, for the site to accept (issue 10)
      {
        path: 'face',
        name: 'm-face',
        component: () => import('@/views/mobile/MyFace.vue'),
        meta: { mobile: true },
      },
      // 我的考勤: the worker's month and days worked (issue 10)
      {
        path: 'attendance',
        name: 'm-attendance',
        component: () => import('@/views/mobile/MyAttendance.vue'),
        meta: { mobile: true },
      },
      // 扫码考勤: where the site's 工地考勤码 leads (issue 10)
      {
        path: 'clock/:projectId(\\d+)',
        name: 'm-clock',
        component: () => import('@/views/mobile/ClockIn.vue'),
        props: true,
        meta: { mobile: true },
      },
    ],
  },
  {
    path: '/m/join/:token',
    name: 'm-join',
    component: () => import('@/views/mobile/JoinProject.vue'),
    meta: { mobile: true, public: true },
  },
  { path: '/m/:rest(.*)*', redirect: '/m' },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
})

router.beforeEach(async (to) => {
  selectSession(to.meta.mobile ? 'worker' : 'staff')
  if (to.meta.public) return true
  if (to.meta.mobile) return getToken('worker') ? true : { name: 'm-login', query: { redirect: to.fullPath } }
  const toLogin = { name: 'login', query: { redirect: to.fullPath } }
  if (!getToken('staff')) return toLogin
  let account
  try {
    account = await ensureAccount()
  } catch {
    return toLogin
  }
  if (to.name === 'home' || (to.meta.nav && !canNavigate(account.role, to.meta.nav))) return homeOf(account.role)
  return true
})
