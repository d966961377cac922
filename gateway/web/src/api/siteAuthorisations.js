import { request } from './request'

// 现场用户授权: the 劳务员 and 现场用户 the logged-in 项目负责人 authorises

export function listSiteAuthorisations() {
  return request('/site-authorisations')
}

export function authoriseSiteUser(person, { idempotencyKey } = {}) {
  return request('/site-authorisations', { method: 'POST', body: person, idempotencyKey })
}

export function revokeSiteAuthorisation(authorisationId) {
  return request(`/site-authorisations/${authorisationId}/revoke`, { method: 'POST' })
}
