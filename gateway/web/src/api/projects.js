import { request } from './request'

export function createProject(project, { idempotencyKey } = {}) {
  return request('/projects', { method: 'POST', body: project, idempotencyKey })
}

export function listProjects({ q, page, page_size }) {
  return request('/projects', { query: { q, page, page_size } })
}

export function getProject(projectId) {
  return request(`/projects/${projectId}`)
}

export function getProjectReference() {
  return request('/projects/reference')
}

export function declareProject(declaration, { idempotencyKey } = {}) {
  return request('/projects/declarations', { method: 'POST', body: declaration, idempotencyKey })
}

export function resubmitDeclaration(projectId, declaration, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/declaration`, { method: 'PUT', body: declaration, idempotencyKey })
}

export function listDeclarations({ q, state, area_code, page, page_size }) {
  return request('/projects/declarations', { query: { q, state: state || undefined, area_code, page, page_size } })
}

export function approveProject(projectId) {
  return request(`/projects/${projectId}/approve`, { method: 'POST' })
}

export function rejectProject(projectId, reason, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/reject`, { method: 'POST', body: { reason }, idempotencyKey })
}

export function getSiteAccount(projectId) {
  return request(`/projects/${projectId}/site-account`)
}

export function receiveSiteAccount(projectId) {
  return request(`/projects/${projectId}/site-account/receive`, { method: 'POST' })
}

export function listParticipants(projectId) {
  return request(`/projects/${projectId}/participants`)
}

export function addParticipant(projectId, participant, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/participants`, { method: 'POST', body: participant, idempotencyKey })
}

export function listSections(projectId) {
  return request(`/projects/${projectId}/sections`)
}

export function reportSection(projectId, section, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/sections`, { method: 'POST', body: section, idempotencyKey })
}

export function changeProjectState(projectId, action) {
  return request(`/projects/${projectId}/state`, { method: 'POST', body: { action } })
}

export function setProjectRules(projectId, rules) {
  return request(`/projects/${projectId}/rules`, { method: 'PUT', body: rules })
}

export function getSectionSiteAccount(projectId, sectionId) {
  return request(`/projects/${projectId}/sections/${sectionId}/site-account`)
}

export function receiveSectionSiteAccount(projectId, sectionId) {
  return request(`/projects/${projectId}/sections/${sectionId}/site-account/receive`, { method: 'POST' })
}
