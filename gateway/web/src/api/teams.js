import { request } from './request'

export function listTeams({ name, kind, page, page_size } = {}) {
  return request('/teams', { query: { name, kind, page, page_size } })
}

/** 新建班组 {name, kind, trade, leader_relation_id} → the team. */
export function createTeam(team, { idempotencyKey } = {}) {
  return request('/teams', { method: 'POST', body: team, idempotencyKey })
}

export function updateTeam(id, changes, { idempotencyKey } = {}) {
  return request(`/teams/${id}`, { method: 'PATCH', body: changes, idempotencyKey })
}

export function listTeamMembers(id) {
  return request(`/teams/${id}/members`)
}

/** Moves the employee of relation `relationId` into team `teamId` (null: out of every team). */
export function moveTeamMember(relationId, teamId, { idempotencyKey } = {}) {
  return request(`/teams/members/${relationId}`, { method: 'POST', body: { team_id: teamId }, idempotencyKey })
}

/** 解散: empty teams only (TEAM_NOT_EMPTY). */
export function dissolveTeam(id, { idempotencyKey } = {}) {
  return request(`/teams/${id}/dissolve`, { method: 'POST', idempotencyKey })
}
