import { download, request, upload } from './request'

/** 劳动合同: signed (true|false), expiring_within_days, name, page, page_size → a page of employees with contracts. */
export function listContracts({ signed, expiring_within_days, name, page, page_size } = {}) {
  return request('/contracts', { query: { signed, expiring_within_days, name, page, page_size } })
}

/** 签订 / 编辑 {number, contract_type, signed_on, starts_on, ends_on} for the employee of relation `relationId`. */
export function saveContract(relationId, contract, { idempotencyKey } = {}) {
  return request(`/contracts/${relationId}`, { method: 'PUT', body: contract, idempotencyKey })
}

/** Uploads a photo or PDF of the signed paper (multipart, field `file`) → the document. */
export function uploadContractDocument(contractId, file, { idempotencyKey } = {}) {
  const form = new FormData()
  form.append('file', file, file.name)
  return upload(`/contracts/${contractId}/documents`, form, { idempotencyKey })
}

/** The document's file as a Blob (fetched with the token: documents are never reachable without it). */
export function fetchContractDocument(id) {
  return download(`/contract-documents/${id}`)
}

export function deleteContractDocument(id, { idempotencyKey } = {}) {
  return request(`/contract-documents/${id}`, { method: 'DELETE', idempotencyKey })
}
