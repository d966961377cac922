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

export function exportEntries(filters) {
  return download('/entries/export', { query: filters })
}
