import { newIdempotencyKey, request } from './request'

/** 我的建设码: `{ token, short_code, expires_at, lifetime_seconds, qr_svg }`, a fresh code valid for a minute. */
export function getMyCode() {
  return request('/me/personal-code')
}

/** 扫码进场: whose code it is — `{ person, employment, assignment, assignment_required, prefill, ticket, … }`. */
export function readCode(code, project_id) {
  return request('/codes/read', { method: 'POST', body: { code, project_id } })
}

/** 进场 of the person read: `ticket` from readCode, and the terms of 进场登记. */
export function enterByCode(ticket, terms, { idempotencyKey } = {}) {
  return request('/codes/enter', { method: 'POST', body: { code: ticket, ...terms }, idempotencyKey })
}

/** 进场登记: the site's confirmed assignments not yet on site. */
export function listAwaitingEntry(filters) {
  return request('/entries/awaiting', { query: filters })
}

/** 处理 / 批量处理: `{ entered, refused: [{ person_id, name, error, message }] }`. */
export function enterAssigned(body) {
  return request('/entries/assigned', { method: 'POST', body, idempotencyKey: newIdempotencyKey() })
}

/** The authority's list of 非正常登记 entries. */
export function listIrregularEntries(filters) {
  return request('/entries/irregular', { query: filters })
}
