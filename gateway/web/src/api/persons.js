import { request } from './request'

export function registerPerson(person, { idempotencyKey } = {}) {
  return request('/persons', { method: 'POST', body: person, idempotencyKey })
}

export function listPersons({ q, page, page_size }) {
  return request('/persons', { query: { q, page, page_size } })
}

export function lookupPerson(id_type, id_number) {
  return request('/persons/lookup', { query: { id_type, id_number } })
}

export function getPerson(id) {
  return request(`/persons/${id}`)
}

export function updatePerson(id, changes, { idempotencyKey } = {}) {
  return request(`/persons/${id}`, { method: 'PATCH', body: changes, idempotencyKey })
}

export function revealIdNumber(id) {
  return request(`/persons/${id}/id-number`)
}

export function getPersonSiteHistory(id) {
  return request(`/persons/${id}/site-history`)
}
