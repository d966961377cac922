import { currentLocale, i18n } from '@/i18n'

const API_BASE = '/api/v1'
const TOKEN_KEY = 'token'

export function getToken() {
  return localStorage.getItem(TOKEN_KEY)
}

export function setToken(token) {
  localStorage.setItem(TOKEN_KEY, token)
}

export function clearToken() {
  localStorage.removeItem(TOKEN_KEY)
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

async function send(path, { method = 'GET', query, body, accept = 'application/json' }) {
  const headers = { Accept: accept, 'Accept-Language': currentLocale() }
  const token = getToken()
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  try {
    return await fetch(buildUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
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
  return errorFrom(response.status, await readJson(response))
}

/**
 * Calls the gateway API. Resolves with the parsed JSON body; rejects with an ApiError.
 * `redirectOn401: false` is for the login call, where a 401 means wrong credentials.
 */
export async function request(path, { method = 'GET', query, body, redirectOn401 = true } = {}) {
  const response = await send(path, { method, query, body })
  if (response.ok) return readJson(response)
  throw await failure(response, redirectOn401)
}

/** Fetches a file (an export) with the token; resolves with its Blob, rejects like request(). */
export async function download(path, { query } = {}) {
  const response = await send(path, { query, accept: '*/*' })
  if (response.ok) return response.blob()
  throw await failure(response, true)
}
