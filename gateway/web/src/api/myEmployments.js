import { newIdempotencyKey, request } from './request'

/** The worker's employments, newest first; each lists the `actions` the worker may take now. */
export function listMyEmployments() {
  return request('/me/employments')
}

const act = (path, body) => request(path, { method: 'POST', body, idempotencyKey: newIdempotencyKey() })

export function confirmEmployment(id) {
  return act(`/me/employments/${id}/confirm`, {})
}

export function declineEmployment(id, reason) {
  return act(`/me/employments/${id}/decline`, reason ? { reason } : {})
}

export function requestResignation(id, reason) {
  return act(`/me/employments/${id}/resign`, { reason })
}

export function agreeDismissal(id) {
  return act(`/me/employments/${id}/dismissal/agree`, {})
}

export function declineDismissal(id, reason) {
  return act(`/me/employments/${id}/dismissal/decline`, reason ? { reason } : {})
}
