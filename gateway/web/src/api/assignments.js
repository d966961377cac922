import { request } from './request'

/** 人员分配's projects: q (项目名称 fragment or 报建编号), page, page_size → a page with 已分配人员 counts. */
export function listAssignmentProjects({ q, page, page_size } = {}) {
  return request('/assignment-projects', { query: { q, page, page_size } })
}

/** 已登记人员 by 班组, not on the project yet; no project_id: 待分配人员 (on no project). */
export function listAssignmentCandidates({ project_id, name } = {}) {
  return request('/assignment-candidates', { query: { project_id, name } })
}

/** 确认分配 / 保存信息 {project_id, people: [{person_id, role, position, lodging_on_site}]}, all or nothing. */
export function assignPeople(assignment, { idempotencyKey } = {}) {
  return request('/assignments', { method: 'POST', body: assignment, idempotencyKey })
}

/** 已分配人员: project_id, name, id_number, state, role, page, page_size. */
export function listAssignments({ project_id, name, id_number, state, role, open_only, page, page_size } = {}) {
  return request('/assignments', { query: { project_id, name, id_number, state, role, open_only, page, page_size } })
}

/** 退出项目 (the employer withdraws the person). */
export function endAssignment(id, reason, { idempotencyKey } = {}) {
  return request(`/assignments/${id}/end`, { method: 'POST', body: { reason }, idempotencyKey })
}

/** 进场人员确认 (processed false) / 已处理人员 (true): name, id_number, enterprise_name, page, page_size. */
export function listConfirmations({ name, id_number, enterprise_name, processed, page, page_size } = {}) {
  return request('/assignment-confirmations', {
    query: { name, id_number, enterprise_name, processed, page, page_size },
  })
}

/** 接收 / 批量接收 (decision confirm) or 拒绝 (reject, with a reason), all or nothing. */
export function decideAssignments(ids, decision, reason, { idempotencyKey } = {}) {
  return request('/assignment-confirmations', {
    method: 'POST',
    body: { ids, decision, reason },
    idempotencyKey,
  })
}
