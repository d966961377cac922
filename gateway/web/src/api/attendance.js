import { download, request, upload } from './request'

// 考勤 of a site (issue 10): the project's gate devices, faces, attendance cards, records and the day view

export function listDevices(projectId) {
  return request(`/projects/${projectId}/devices`)
}

/** 登记设备: answers `{ device, secret }`, the secret shown this once. */
export function registerDevice(projectId, device, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/devices`, { method: 'POST', body: device, idempotencyKey })
}

/** 重置密钥: `{ device, secret }`, the new secret shown this once. */
export function reissueDeviceSecret(projectId, deviceId) {
  return request(`/projects/${projectId}/devices/${deviceId}/secret`, { method: 'POST' })
}

/**
 * 修改连接 of a 海康 terminal, `{ address, username, password? }`: the ISAPI address the platform reaches it at
 * and its digest login → the device. A null `address` removes the connection (the platform sends it nobody);
 * no `password` keeps the one stored.
 */
export function setDeviceConnection(projectId, deviceId, connection, { idempotencyKey } = {}) {
  return request(`/projects/${projectId}/devices/${deviceId}/connection`, {
    method: 'PUT', body: connection, idempotencyKey,
  })
}

/** 停用 */
export function retireDevice(projectId, deviceId) {
  return request(`/projects/${projectId}/devices/${deviceId}`, { method: 'DELETE' })
}

/** 校验: whether the device's records (of `day`; none: all) are as written, `{ intact, records, problem, … }`. */
export function verifyDeviceRecords(projectId, deviceId, day) {
  return request(`/projects/${projectId}/devices/${deviceId}/verify`, { query: { day } })
}

/** 同步: `{ counts: { pending, sent, ok, failed }, people: [{ person_id, name, operation, state, … }], gaps }`. */
export function deviceCommands(projectId, deviceId) {
  return request(`/projects/${projectId}/devices/${deviceId}/commands`)
}

/** 对账: the device's history (`{ records }` or `{ attlog }`) → `{ checked, missing, missing_count, gaps }`. */
export function reconcileDevice(projectId, deviceId, history) {
  return request(`/projects/${projectId}/devices/${deviceId}/reconciliation`, { method: 'POST', body: history })
}

/** 人脸采集's list: `{ items: [{ person_id, name, team_name, enrolled, … }], total }`. */
export function listFaces(projectId, { name, team, has_face, stage, page, page_size } = {}) {
  return request(`/projects/${projectId}/faces`, { query: { name, team, has_face, stage, page, page_size } })
}

/** 采集 from a file (a File or Blob, sent as multipart `file`). */
export function enrollFaceFile(projectId, personId, file) {
  const form = new FormData()
  form.append('file', file, file.name ?? 'face.jpg')
  return upload(`/projects/${projectId}/people/${personId}/face`, form)
}

/** 采集 from the camera: a data URL or base64 of a JPEG. */
export function enrollFaceImage(projectId, personId, image) {
  return request(`/projects/${projectId}/people/${personId}/face`, { method: 'POST', body: { image } })
}

/** 审核 of a photo a worker sent: the photo as a Blob (image/jpeg). */
export function faceSubmissionPhoto(projectId, submissionId) {
  return download(`/projects/${projectId}/face-submissions/${submissionId}/photo`)
}

/** 审核: accept the photo as the person's face, or send it back with a reason. */
export function decideFaceSubmission(projectId, submissionId, accept, reason) {
  return request(`/projects/${projectId}/face-submissions/${submissionId}`, {
    method: 'POST', body: { accept, reason: reason || undefined },
  })
}

/** 我的人脸 (the worker): `{ enrolled, enrolled_at, submission: { state, reason, … } | null }`. */
export function getMyFace() {
  return request('/me/face')
}

/** 上传人脸照片 (the worker): a File from the phone's camera or gallery. */
export function submitMyFace(file) {
  const form = new FormData()
  form.append('file', file, file.name ?? 'face.jpg')
  return upload('/me/face', form)
}

/** 发卡 */
export function issueCard(projectId, personId, cardNumber) {
  return request(`/projects/${projectId}/people/${personId}/card`, { method: 'POST', body: { card_number: cardNumber } })
}

/** 收卡 */
export function withdrawCard(projectId, personId) {
  return request(`/projects/${projectId}/people/${personId}/card`, { method: 'DELETE' })
}

/** The card numbers of these people, as `{ [person_id]: card_number }` (those with a card). */
export async function cardsOf(projectId, personIds) {
  if (!personIds.length) return {}
  const params = personIds.map((id) => `person_ids=${encodeURIComponent(id)}`).join('&')
  const cards = await request(`/projects/${projectId}/cards?${params}`)
  return Object.fromEntries(cards.map((card) => [card.person_id, card.card_number]))
}

/** 出勤记录: `{ items, total }` of a day, newest first. */
export function listClockRecords(projectId, { day, person_id, outcome, page, page_size } = {}) {
  return request(`/projects/${projectId}/attendance/records`, { query: { day, person_id, outcome, page, page_size } })
}

/** 出勤一览表 of a day. */
export function getAttendanceDay(projectId, day) {
  return request(`/projects/${projectId}/attendance/day`, { query: { day } })
}

/** 工地考勤码: `{ project_id, url, qr_svg }`, the address of the workers' clock-in page and its QR code. */
export function getSiteCode(projectId) {
  return request(`/projects/${projectId}/attendance/site-code`)
}

/** The worker's own clock-in on the project whose site code they scanned (the mobile page). */
export function clockInByCode(projectId) {
  return request('/me/attendance/clock', { method: 'POST', body: { project_id: projectId } })
}

/** 出勤一览表 of the day, the week (Monday to Sunday) or the month holding `day`: per day, by team, by employer. */
export function getAttendancePeriod(projectId, view, day) {
  return request(`/projects/${projectId}/attendance/period`, { query: { view, day } })
}

/** 更多 of a period: `{ items: [{ person_id, name, days_attended, days: [{ day, first_in, last_out }] }], total }`. */
export function listPeriodPeople(projectId, view, day, { name, page, page_size } = {}) {
  return request(`/projects/${projectId}/attendance/period/people`, { query: { view, day, name, page, page_size } })
}

/** The view as .xlsx (a Blob). */
export function exportAttendance(projectId, view, day) {
  return download(`/projects/${projectId}/attendance/export`, { query: { view, day } })
}

/**
 * 考勤日历 of a person in a month (`2026-12`): as the site (`projectId`: that project's records), as the employer or
 * the authority (no `projectId`: every project).
 */
export function getPersonAttendance(personId, month, projectId) {
  if (projectId) return request(`/projects/${projectId}/people/${personId}/attendance`, { query: { month } })
  return request(`/persons/${personId}/attendance`, { query: { month } })
}

/** 我的考勤: the worker's own month. */
export function getMyAttendance(month) {
  return request('/me/attendance/calendar', { query: { month } })
}
