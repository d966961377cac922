/** What may be uploaded as a contract document: photos or PDFs of the signed paper, at most 10 MB. */
export const DOCUMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf']
export const DOCUMENT_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.pdf']
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

/** Why `file` cannot be uploaded ('type' or 'size'), or null when it can (the server checks the bytes again). */
export function documentProblem(file) {
  const name = (file.name ?? '').toLowerCase()
  const typeOk = DOCUMENT_TYPES.includes(file.type) || (!file.type && DOCUMENT_EXTENSIONS.some((ext) => name.endsWith(ext)))
  if (!typeOk) return 'type'
  if (file.size > MAX_DOCUMENT_BYTES) return 'size'
  return null
}

/** A byte count as people read it. */
export function sizeText(bytes) {
  if (bytes === null || bytes === undefined) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
