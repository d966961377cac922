import { request } from './request'

/** 聘用管理: name, id_number (a fragment will do), role, state, page, page_size → a page of relation views. */
export function listEmployments({ name, id_number, role, state, page, page_size } = {}) {
  return request('/employments', { query: { name, id_number, role, state, page, page_size } })
}

/** 新建聘用关系 {name, id_type, id_number, role} → the relation view with `activation` (null: account active). */
export function requestEmployment(employment, { idempotencyKey } = {}) {
  return request('/employments', { method: 'POST', body: employment, idempotencyKey })
}

/** A fresh activation code for a pending relation's worker: the relation view with `activation` (as POST). */
export function renewActivation(id, { idempotencyKey } = {}) {
  return request(`/employments/${id}/activation`, { method: 'POST', idempotencyKey })
}

export function withdrawEmployment(id, { idempotencyKey } = {}) {
  return request(`/employments/${id}/withdraw`, { method: 'POST', idempotencyKey })
}

export function approveResignation(id, { idempotencyKey } = {}) {
  return request(`/employments/${id}/resignation/approve`, { method: 'POST', idempotencyKey })
}

export function refuseResignation(id, reason, { idempotencyKey } = {}) {
  return request(`/employments/${id}/resignation/refuse`, { method: 'POST', body: { reason }, idempotencyKey })
}

export function dismissEmployee(id, reason, { idempotencyKey } = {}) {
  return request(`/employments/${id}/dismiss`, { method: 'POST', body: { reason }, idempotencyKey })
}

export function transferOut(id, reason, { idempotencyKey } = {}) {
  return request(`/employments/${id}/transfer-out`, { method: 'POST', body: { reason }, idempotencyKey })
}

/** The enterprise's confirmed employees (pickers: 添加人员, 班组长): name, role, page, page_size → a page. */
export function listEmployees({ name, role, page, page_size } = {}) {
  return request('/employees', { query: { name, role, page, page_size } })
}

/** A person's employers over time: [{relation_id, enterprise_name, role, from, to, end_reason, state}]. */
export function getPersonEmployments(personId) {
  return request(`/persons/${personId}/employments`)
}
