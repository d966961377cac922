import { currentLocale, i18n } from '@/i18n'
import { ApiError, download, getToken, request } from './request'

/** 管理人员登记: a manager's extended profile (identity_svc). */
export function getManagerProfile(personId) {
  return request(`/persons/${personId}/manager-profile`)
}

export function saveManagerProfile(personId, profile, { idempotencyKey } = {}) {
  return request(`/persons/${personId}/manager-profile`, { method: 'PUT', body: profile, idempotencyKey })
}

/** Uploads a photo, attachment or social insurance proof (multipart); resolves with the document's record. */
export async function uploadPersonDocument(personId, kind, file) {
  const form = new FormData()
  form.append('kind', kind)
  form.append('file', file, file.name)
  const headers = { Accept: 'application/json', 'Accept-Language': currentLocale() }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  let response
  try {
    response = await fetch(`/api/v1/persons/${personId}/documents`, { method: 'POST', headers, body: form })
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: i18n.global.t('common.networkError') })
  }
  const body = await response.json().catch(() => null)
  if (response.ok) return body
  throw new ApiError({
    status: response.status,
    code: body?.error ?? 'UNEXPECTED_ERROR',
    message: body?.message ?? i18n.global.t('common.unexpectedError'),
    fields: body?.fields,
    body,
  })
}

/** The file itself, fetched with the token (an <img> or a link cannot send it); resolves with its Blob. */
export function fetchPersonDocument(documentId) {
  return download(`/person-documents/${documentId}`)
}

export function deletePersonDocument(documentId) {
  return request(`/person-documents/${documentId}`, { method: 'DELETE' })
}
