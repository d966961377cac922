import { request } from './request'

// 考勤预警 (issue 10): people on site absent for days, the attendance rate; the authority's view of every project

/** The site's 考勤预警: `{ warning_days, items: [{ entry_id, person_id, name, team_name, … }], rate }`. */
export function getProjectWarnings(projectId) {
  return request(`/projects/${projectId}/attendance/warnings`)
}

/** The authority's: every project's absent people (or one project's), `{ warning_days, items }`. */
export function listWarnings({ project_id } = {}) {
  return request('/attendance/warnings', { query: { project_id } })
}

/** The authority's: projects whose attendance rate is below the threshold, `[{ project_id, rate, … }]`. */
export function listLowRates() {
  return request('/attendance/low-rates')
}

/** 补卡申请: `{ person_id, day, time: 'HH:MM', direction: 'in' | 'out', reason }`. */
export function applyCorrection(projectId, correction, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/attendance/corrections`, { method: 'POST', body: correction, idempotencyKey })
}

/** 补卡审批's list: `{ items, total }`, newest first; `status` pending / approved / rejected. */
export function listCorrections(projectId, { status, page, page_size } = {}) {
  return request(`/projects/${projectId}/attendance/corrections`, { query: { status, page, page_size } })
}

/** 审批: approve, or reject with a reason. */
export function decideCorrection(projectId, correctionId, { approve, reason }) {
  return request(`/projects/${projectId}/attendance/corrections/${correctionId}/decision`, {
    method: 'POST', body: { approve, reason },
  })
}
