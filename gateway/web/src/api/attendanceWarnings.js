import { currentLocale } from '@/i18n'
import { ApiError, getToken, request } from './request'

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

/**
 * 出勤记录 live: the Server-Sent Events of the project's new records after `after` (a record id; none: from now),
 * read with fetch because the login travels in the Authorization header, which EventSource cannot send. Yields
 * `{ event, id, data }` until the server ends the stream (about 25 s) or `signal` aborts it; rejects with an
 * ApiError when the stream is refused.
 */
export async function* streamRecords(projectId, { after, signal } = {}) {
  const headers = { Accept: 'text/event-stream', 'Accept-Language': currentLocale() }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (after !== undefined && after !== null) headers['Last-Event-ID'] = String(after)
  const response = await fetch(`/api/v1/projects/${projectId}/attendance/records/stream`, { headers, signal })
  if (!response.ok) {
    let body = null
    try {
      body = await response.json()
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiError({ status: response.status, code: body?.error ?? 'UNEXPECTED_ERROR', message: body?.message ?? '' })
  }
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return
    buffer += decoder.decode(value, { stream: true })
    let end
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = parseEvent(block)
      if (event) yield event
    }
  }
}

/** One block of an event stream: `{ event, id, data }`, or null for a comment or a `retry:` alone. */
export function parseEvent(block) {
  const event = { event: 'message', id: null, data: '' }
  let named = false
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event.event = value
    else if (field === 'id') event.id = value
    else if (field === 'data') event.data = event.data ? `${event.data}\n${value}` : value
    else continue
    named = true
  }
  return named ? event : null
}
