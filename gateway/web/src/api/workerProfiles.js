import { download, request } from './request'

/** 完善建筑工人信息: name, id_number, state (employed|ended), team_id, page, page_size → a page of profiles. */
export function listProfiles({ name, id_number, state, team_id, page, page_size } = {}) {
  return request('/worker-profiles', { query: { name, id_number, state, team_id, page, page_size } })
}

export function getProfile(relationId) {
  return request(`/worker-profiles/${relationId}`)
}

/** 添加人员 and 编辑: the profile of the employee of relation `relationId` (profile.role sets the relation's role). */
export function saveProfile(relationId, profile, { idempotencyKey } = {}) {
  return request(`/worker-profiles/${relationId}`, { method: 'PUT', body: profile, idempotencyKey })
}

export function exportProfiles({ name, id_number, state, team_id } = {}) {
  return download('/worker-profiles/export', { query: { name, id_number, state, team_id } })
}
