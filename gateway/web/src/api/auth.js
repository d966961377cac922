import { request } from './request'

export function login(username, password) {
  return request('/auth/login', { method: 'POST', body: { username, password }, redirectOn401: false })
}

export function getMe() {
  return request('/auth/me')
}
