import { request } from './request'

export function createProject(project) {
  return request('/projects', { method: 'POST', body: project })
}

export function listProjects({ q, page, page_size }) {
  return request('/projects', { query: { q, page, page_size } })
}
