import { request } from './request'

/** 项目人员绑定: the unit's projects with 管理人员数量, 现场作业人员数量 and the four binding counts. */
export function listBindingProjects({ q, page, page_size } = {}) {
  return request('/binding-projects', { query: { q, page, page_size } })
}

/** 项目人员登记绑定审核: the projects where the enterprise is the 实施单位, with the four counts. */
export function listBindingReviewProjects({ q, page, page_size } = {}) {
  return request('/binding-reviews', { query: { q, page, page_size } })
}

/** A project's people by 绑定状态 (draft, pending_review, rejected, approved), role and name. */
export function listBindingPeople({ project_id, state, role, name, page, page_size } = {}) {
  return request(`/projects/${project_id}/bindings`, { query: { state, role, name, page, page_size } })
}

/** 提交 (batch): people [{assignment_id, face_verified}], all or nothing. */
export function submitBindings(projectId, people, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/bindings`, { method: 'POST', body: { people }, idempotencyKey })
}

/** 审核通过 (approve) or 审核不通过 (reject, with a reason), all or nothing. */
export function decideBindings(ids, decision, reason, { idempotencyKey } = {}) {
  return request('/binding-reviews', { method: 'POST', body: { ids, decision, reason }, idempotencyKey })
}

/** 项目二维码: the project's public form address and its QR code (SVG). */
export function getJoinCode(projectId) {
  return request(`/projects/${projectId}/join-code`)
}

/** 自助登记人员 of the project (the caller's unit; the general contractor all): name, state, page, page_size. */
export function listSelfRegistrations({ project_id, name, state, page, page_size } = {}) {
  return request(`/projects/${project_id}/self-registrations`, { query: { name, state, page, page_size } })
}

/** 办理 by the unit the worker chose → {registration, person_id, person_registered, outcome, employment}. */
export function completeSelfRegistration(projectId, registrationId, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/self-registrations/${registrationId}/complete`, {
    method: 'POST',
    idempotencyKey,
  })
}

/** The public form's project (no login): 报建编号, 项目名称, the units to choose. */
export function getJoinForm(token) {
  return request(`/join/${encodeURIComponent(token)}`)
}

/** The public form's 提交 (no login) → {received: true}. */
export function submitJoinForm(token, form) {
  return request(`/join/${encodeURIComponent(token)}`, { method: 'POST', body: form })
}
