import { currentLocale, i18n } from '@/i18n'
import { clearOutage, reportOutage } from '@/store/outage'

const API_BASE = '/api/v1'
// Staff and a worker (the mobile page) hold separate logins, and one browser may hold both.
const TOKEN_KEYS = { staff: 'token', worker: 'workerToken' }
let activeSession = 'staff'

/** Which login the requests carry from now on: 'staff' (the portal) or 'worker' (the mobile page, /m). */
export function selectSession(kind) {
  activeSession = kind
}

export function currentSession() {
  return activeSession
}

export function getToken(kind = activeSession) {
  return localStorage.getItem(TOKEN_KEYS[kind])
}

export function setToken(token, kind = activeSession) {
  localStorage.setItem(TOKEN_KEYS[kind], token)
}

export function clearToken(kind = activeSession) {
  localStorage.removeItem(TOKEN_KEYS[kind])
}

let unauthorizedHandler = () => {}

// The router registers here; importing it would make api -> router -> views -> api a cycle.
export function onUnauthorized(handler) {
  unauthorizedHandler = handler
}

export class ApiError extends Error {
  constructor({ status, code, message, fields = {}, body = null }) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.fields = fields
    this.body = body
  }
}

function buildUrl(path, query) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.append(key, value)
  }
  const search = params.toString()
  return `${API_BASE}${path}${search ? `?${search}` : ''}`
}

async function readJson(response) {
  const text = await response.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function errorFrom(status, body) {
  if (body && typeof body.error === 'string') {
    return new ApiError({ status, code: body.error, message: body.message, fields: body.fields, body })
  }
  return new ApiError({
    status,
    code: 'UNEXPECTED_ERROR',
    message: i18n.global.t('common.unexpectedError'),
    body,
  })
}

/** A fresh key for one submission of a form: a retry of the same submission sends it again. */
export function newIdempotencyKey() {
  return crypto.randomUUID()
}

async function send(path, { method = 'GET', query, body, form, accept = 'application/json', idempotencyKey }) {
  const headers = { Accept: accept, 'Accept-Language': currentLocale() }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  try {
    return await fetch(buildUrl(path, query), {
      method,
      headers,
      // a FormData body sets its own multipart Content-Type (with the boundary)
      body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: i18n.global.t('common.networkError') })
  }
}

async function failure(response, redirectOn401) {
  if (response.status === 401 && redirectOn401) {
    clearToken()
    unauthorizedHandler()
  }
  const error = errorFrom(response.status, await readJson(response))
  if (response.status === 503) reportOutage(error)
  return error
}

/**
 * Calls the gateway API. Resolves with the parsed JSON body; rejects with an ApiError.
 * `redirectOn401: false` is for the login call, where a 401 means wrong credentials.
 * `idempotencyKey`: a write's key (useFormSubmit gives one per submission), so a retry is answered, not redone.
 */
export async function request(path, { method = 'GET', query, body, redirectOn401 = true, idempotencyKey } = {}) {
  const response = await send(path, { method, query, body, idempotencyKey })
  if (response.ok) {
    clearOutage()
    return readJson(response)
  }
  throw await failure(response, redirectOn401)
}

/** Sends `form` (a FormData: a file upload) as multipart/form-data; answers like request(). */
export async function upload(path, form, { idempotencyKey } = {}) {
  const response = await send(path, { method: 'POST', form, idempotencyKey })
  if (response.ok) {
    clearOutage()
    return readJson(response)
  }
  throw await failure(response, true)
}

/** Fetches a file (an export) with the token; resolves with its Blob, rejects like request(). */
export async function download(path, { query } = {}) {
  const response = await send(path, { query, accept: '*/*' })
  if (response.ok) return response.blob()
  throw await failure(response, true)
}
