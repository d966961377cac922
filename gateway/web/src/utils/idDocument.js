import { RESIDENT_ID_TYPE } from './idNumber'

/** A blank ID-document form, as IdDocumentFields edits it. */
export function emptyIdDocument() {
  return {
    id_type: RESIDENT_ID_TYPE,
    id_number: '',
    name: '',
    gender: '',
    birth_date: null,
    ethnicity: '',
    address: '',
    issuing_authority: '',
    valid_from: null,
    valid_until: null,
    phone: '',
  }
}

/** The body for POST /persons: trimmed, empty items left out, valid_until null for a long-term document. */
export function idDocumentPayload(form, longTerm) {
  const body = {}
  for (const [key, value] of Object.entries(form)) {
    const trimmed = typeof value === 'string' ? value.trim() : value
    if (trimmed) body[key] = trimmed
  }
  if (longTerm) body.valid_until = null
  return body
}
