import {
  Avatar,
  Bell,
  Calendar,
  Camera,
  CameraFilled,
  Clock,
  Connection,
  Cpu,
  Document,
  DocumentAdd,
  DocumentRemove,
  EditPen,
  Finished,
  Folder,
  Key,
  List,
  Medal,
  Monitor,
  OfficeBuilding,
  Place,
  Postcard,
  Search,
  Stamp,
  Tickets,
  UserFilled,
  Warning,
} from '@element-plus/icons-vue'

const ITEMS = {
  entries: { path: '/site/entries', title: 'nav.entries', icon: DocumentAdd, testId: 'nav-entries' },
  exits: { path: '/site/exits', title: 'nav.exits', icon: DocumentRemove, testId: 'nav-exits' },
  roster: { path: '/site/roster', title: 'nav.roster', icon: Tickets, testId: 'nav-roster' },
  personRegister: { path: '/persons/new', title: 'nav.personRegister', icon: EditPen, testId: 'nav-person-register' },
  persons: { path: '/persons', title: 'nav.persons', icon: List, testId: 'nav-persons' },
  personLookup: { path: '/persons/lookup', title: 'nav.personLookup', icon: Search, testId: 'nav-person-lookup' },
  enterprises: { path: '/authority/enterprises', title: 'nav.enterprises', icon: OfficeBuilding, testId: 'nav-enterprises' },
  projects: { path: '/authority/projects', title: 'nav.projects', icon: Folder, testId: 'nav-projects' },
  employments: { path: '/employments', title: 'employment.title', icon: Connection, testId: 'nav-employments' },
  workerProfiles: { path: '/worker-profiles', title: 'workerProfiles.title', icon: Postcard, testId: 'nav-worker-profiles' },
  teams: { path: '/teams', title: 'teams.title', icon: UserFilled, testId: 'nav-teams' },
  contracts: { path: '/contracts', title: 'contracts.title', icon: Document, testId: 'nav-contracts' },
  keyPositions: { path: '/key-positions', title: 'keyPositions.title', icon: Medal, testId: 'nav-key-positions' },
  keyPositionManagers: {
    path: '/key-positions/managers',
    title: 'keyPositions.managerTitle',
    icon: Avatar,
    testId: 'nav-key-position-managers',
  },
  keyPositionReviews: {
    path: '/authority/key-positions',
    title: 'keyPositions.reviewTitle',
    icon: Stamp,
    testId: 'nav-key-position-reviews',
  },
  assignments: { path: '/assignments', title: 'assignments.title', icon: Place, testId: 'nav-assignments' },
  assignmentConfirmations: {
    path: '/assignments/confirmations',
    title: 'assignments.confirmationNav',
    icon: Finished,
    testId: 'nav-assignment-confirmations',
  },
  bindings: { path: '/bindings', title: 'bindings.title', icon: Connection, testId: 'nav-bindings' },
  bindingReviews: { path: '/bindings/reviews', title: 'bindings.reviewTitle', icon: Stamp, testId: 'nav-binding-reviews' },
  health: { path: '/system/health', title: 'nav.health', icon: Monitor, testId: 'nav-health' },
  // 项目申报 and its review (issue 9)
  projectDeclare: { path: '/projects/declare', title: 'declare.title', icon: DocumentAdd, testId: 'nav-project-declare' },
  myDeclarations: { path: '/projects/declarations', title: 'declare.mine', icon: Tickets, testId: 'nav-my-declarations' },
  myProjects: { path: '/projects/mine', title: 'declare.myProjects', icon: Folder, testId: 'nav-my-projects' },
  projectReview: { path: '/projects/review', title: 'declare.review', icon: Tickets, testId: 'nav-project-review' },
  scanEntry: { path: '/site/scan-entry', title: 'gate.nav.scanEntry', icon: Camera, testId: 'nav-scan-entry' },
  awaitingEntry: { path: '/site/awaiting-entry', title: 'gate.nav.awaitingEntry', icon: Finished, testId: 'nav-awaiting-entry' },
  // 现场用户授权: a 项目负责人's 劳务员 and 现场用户
  siteAuthorisations: {
    path: '/site/authorisations', title: 'siteAuth.title', icon: Key, testId: 'nav-site-authorisations',
  },
  // 考勤 (issue 10): 出勤一览表, 出勤记录, 人脸采集, 考勤设备
  attendanceDay: { path: '/site/attendance/day', title: 'attendance.nav.day', icon: Calendar, testId: 'nav-attendance-day' },
  clockRecords: {
    path: '/site/attendance/records', title: 'attendance.nav.records', icon: Clock, testId: 'nav-clock-records',
  },
  attendanceWarnings: {
    path: '/attendance/warnings', title: 'attendanceWarnings.nav', icon: Bell, testId: 'nav-attendance-warnings',
  },
  attendanceCorrections: {
    path: '/site/attendance/corrections', title: 'attendanceWarnings.correction.nav', icon: EditPen,
    testId: 'nav-attendance-corrections',
  },
  faces: { path: '/site/faces', title: 'attendance.nav.faces', icon: CameraFilled, testId: 'nav-faces' },
  devices: { path: '/site/devices', title: 'attendance.nav.devices', icon: Cpu, testId: 'nav-devices' },
  irregularEntries: {
    path: '/authority/irregular-entries', title: 'gate.nav.irregularEntries', icon: Warning, testId: 'nav-irregular-entries',
  },
}

// screens reached from a list, not from the menu, and whom they are open to
const UNLISTED = { projectDetail: ['authority', 'enterprise', 'site'] }

const PERSON_WORK = ['personRegister', 'persons', 'personLookup']

/**
 * The one place that says which role sees which screen; routes name their entry in meta.nav. A role's first
 * screen is its home, where it lands after login.
 */
export const MENU_BY_ROLE = {
  // The authority oversees the people on every project, and registers the enterprises and projects they work on.
  authority: ['roster', 'enterprises', 'projects', 'projectReview', 'keyPositionReviews', 'irregularEntries',
    'attendanceWarnings',
    ...PERSON_WORK, 'health'],
  // An enterprise sees its own people across projects, and employs them: relations, profiles, teams, contracts.
  enterprise: ['roster', 'employments', 'workerProfiles', 'teams', 'contracts', 'projectDeclare', 'myDeclarations',
    'myProjects', 'assignments', 'assignmentConfirmations', 'keyPositions', 'keyPositionManagers', 'bindings',
    'bindingReviews', ...PERSON_WORK],
  site: ['entries', 'awaitingEntry', 'scanEntry', 'exits', 'roster', 'attendanceDay', 'clockRecords',
    'attendanceWarnings', 'attendanceCorrections', 'faces',
    'devices', 'myProjects', 'assignments', 'assignmentConfirmations', 'keyPositions', 'bindings', ...PERSON_WORK,
    'siteAuthorisations'],
}

export function menuFor(role) {
  return (MENU_BY_ROLE[role] ?? []).map((key) => ({ key, ...ITEMS[key] }))
}

/** Where `role` lands after login (its menu's first screen); the login page for an unknown role. */
export function homeOf(role) {
  const first = MENU_BY_ROLE[role]?.[0]
  return first ? ITEMS[first].path : '/login'
}

export function canNavigate(role, key) {
  return (MENU_BY_ROLE[role] ?? []).includes(key) || (UNLISTED[key] ?? []).includes(role)
}

export function pathOf(key) {
  return ITEMS[key]?.path
}
