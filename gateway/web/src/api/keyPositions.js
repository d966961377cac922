import { download, request, upload } from './request'

/** The projects whose key positions the caller sees → [{project_id, name, registration_number}]. */
export function listKeyPositionProjects() {
  return request('/key-positions/projects')
}

/** The positions each unit of the project must fill, with holders (none: 未登记) and who waits for review. */
export function requiredKeyPositions(projectId) {
  return request(`/key-positions/projects/${projectId}`)
}

/** Registrations in the caller's scope: project_id, position, state, q, page, page_size → a page. */
export function listKeyPositions({ project_id, position, state, q, page, page_size } = {}) {
  return request('/key-positions', { query: { project_id, position, state, q, page, page_size } })
}

/** 关键岗位审核 (the authority): what waits for review; state registered | exit_requested | review. */
export function listKeyPositionReviews({ project_id, state, q, page, page_size } = {}) {
  return request('/key-positions/reviews', { query: { project_id, state, q, page, page_size } })
}

/** 入场注册 {project_id, participant_id, position, name, id_number, phone} with the certificate file. */
export function registerKeyPosition(values, certificate, { idempotencyKey } = {}) {
  const form = new FormData()
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== '') form.append(name, value)
  }
  if (certificate) form.append('certificate', certificate, certificate.name)
  return upload('/key-positions', form, { idempotencyKey })
}

export function decideKeyPosition(id, approve, reason, { idempotencyKey } = {}) {
  return request(`/key-positions/${id}/decision`, { method: 'POST', body: { approve, reason }, idempotencyKey })
}

/** 退场解锁 {exit_on, exit_note}. */
export function requestKeyPositionExit(id, exit, { idempotencyKey } = {}) {
  return request(`/key-positions/${id}/exit`, { method: 'POST', body: exit, idempotencyKey })
}

export function decideKeyPositionExit(id, approve, reason, { idempotencyKey } = {}) {
  return request(`/key-positions/${id}/exit-decision`, { method: 'POST', body: { approve, reason }, idempotencyKey })
}

/** The 资质证书 as a Blob (fetched with the token). */
export function fetchKeyPositionCertificate(id) {
  return download(`/key-positions/${id}/certificate`)
}
