import { request } from './request'

export function registerEnterprise(enterprise) {
  return request('/enterprises', { method: 'POST', body: enterprise })
}

export function listEnterprises({ q, unit_type, page, page_size }) {
  return request('/enterprises', { query: { q, unit_type, page, page_size } })
}
