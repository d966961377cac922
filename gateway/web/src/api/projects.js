import { request } from './request'

export function createProject(project, { idempotencyKey } = {}) {
  return request('/projects', { method: 'POST', body: project, idempotencyKey })
}

export function listProjects({ q, page, page_size }) {
  return request('/projects', { query: { q, page, page_size } })
}
