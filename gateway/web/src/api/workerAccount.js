import { request } from './request'

const document = (idNumber, idType = '01') => ({ id_type: idType, id_number: idNumber })

/** Activates a worker's account with the employer's one-time code and sets its password; logs in. */
export function activateWorker({ idNumber, code, password, idType }) {
  return request('/auth/worker/activate', {
    method: 'POST',
    body: { ...document(idNumber, idType), code, password },
    redirectOn401: false,
  })
}

export function loginWorker({ idNumber, password, idType }) {
  return request('/auth/worker/login', {
    method: 'POST',
    body: { ...document(idNumber, idType), password },
    redirectOn401: false,
  })
}

/** The worker's own real-name record, masked. */
export function getMyRecord() {
  return request('/me')
}
