import { download, request, upload } from './request'

/** 花名册导入's template (.xlsx) as a Blob, fetched with the token. */
export function downloadImportTemplate() {
  return download('/imports/template')
}

/** Uploads a filled-in roster (multipart, field `file`) → the import (202), which then runs in the background. */
export function startImport(file, { idempotencyKey } = {}) {
  const form = new FormData()
  form.append('file', file, file.name)
  return upload('/imports', form, { idempotencyKey })
}

/** One import and its progress: state (queued / running / done), processed_rows of total_rows, accepted, refused. */
export function getImport(id) {
  return request(`/imports/${id}`)
}

/** The caller's imports, newest first: page, page_size → a page. */
export function listImports({ page, page_size } = {}) {
  return request('/imports', { query: { page, page_size } })
}

/** The refused rows of a finished import as .xlsx (行号, 列, 原因), a Blob. */
export function downloadImportReport(id) {
  return download(`/imports/${id}/report`)
}
