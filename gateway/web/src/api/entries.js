import { download, request } from './request'

export function listEntries(filters) {
  return request('/entries', { query: filters })
}

/**
 * `state: 'on_site'` lists the leaders on site now (the entry forms); without it, those who left too (filters).
 * At most 200 by name: `name` searches among all of them.
 */
export function listTeamLeaders({ project_id, state, name } = {}) {
  return request('/entries/team-leaders', { query: { project_id, state, name } })
}

/** 进场登记's lookup: `{ person, employment }`, employment being the person's employer now (or null). */
export function lookupEntrant(id_type, id_number) {
  return request('/entries/lookup', { query: { id_type, id_number } })
}

/** The employer's 班组长, each with how they stand on the site (`state`: on_site, on_site_not_as_leader, not_on_site). */
export function listEmployerTeamLeaders({ employer_id, project_id } = {}) {
  return request('/entries/employer-team-leaders', { query: { employer_id, project_id } })
}

/** The 班组 of the employers on the site, each with `on_site_count`. */
export function listSiteTeams({ employer_id, project_id } = {}) {
  return request('/entries/teams', { query: { employer_id, project_id } })
}

export function registerEntry(entry, { idempotencyKey } = {}) {
  return request('/entries', { method: 'POST', body: entry, idempotencyKey })
}

export function registerUnregisteredEntry(person, entry, { idempotencyKey } = {}) {
  return request('/entries/unregistered', { method: 'POST', body: { person, entry }, idempotencyKey })
}

export function updateEntry(id, changes, { idempotencyKey } = {}) {
  return request(`/entries/${id}`, { method: 'PATCH', body: changes, idempotencyKey })
}

export function getEntryHistory(id) {
  return request(`/entries/${id}/history`)
}

export function exitEntries(exit, { idempotencyKey } = {}) {
  return request('/entries/exit', { method: 'POST', body: exit, idempotencyKey })
}

/** 班组退场: every member of the team on the site exits; the answer is exitEntries' ({ exited, refused }). */
export function exitTeam(exit, { idempotencyKey } = {}) {
  return request('/entries/exit-team', { method: 'POST', body: exit, idempotencyKey })
}

export function exportEntries(filters) {
  return download('/entries/export', { query: filters })
}
