import {
  DocumentAdd,
  DocumentRemove,
  EditPen,
  Folder,
  List,
  Monitor,
  OfficeBuilding,
  Search,
  Tickets,
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
  health: { path: '/system/health', title: 'nav.health', icon: Monitor, testId: 'nav-health' },
}

const PERSON_WORK = ['personRegister', 'persons', 'personLookup']

/**
 * The one place that says which role sees which screen; routes name their entry in meta.nav. A role's first
 * screen is its home, where it lands after login.
 */
export const MENU_BY_ROLE = {
  // The authority oversees the people on every project, and registers the enterprises and projects they work on.
  authority: ['roster', 'enterprises', 'projects', ...PERSON_WORK, 'health'],
  // An enterprise sees its own people across projects.
  enterprise: ['roster', ...PERSON_WORK],
  site: ['entries', 'exits', 'roster', ...PERSON_WORK],
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
  return (MENU_BY_ROLE[role] ?? []).includes(key)
}

export function pathOf(key) {
  return ITEMS[key]?.path
}
