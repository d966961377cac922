import { request } from './request'

export function registerEnterprise(enterprise, { idempotencyKey } = {}) {
  return request('/enterprises', { method: 'POST', body: enterprise, idempotencyKey })
}

export function listEnterprises({ q, unit_type, page, page_size }) {
  return request('/enterprises', { query: { q, unit_type, page, page_size } })
}
