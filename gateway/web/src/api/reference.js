import { request } from './request'

export function getReference() {
  return request('/reference')
}
