export const RESIDENT_ID_TYPE = '01'

/**
 * Birth date and gender encoded in an 18-character resident ID number, or null when the
 * number is not shaped like one. Only a typing aid: the server checks the number itself.
 */
export function deriveFromResidentId(idNumber) {
  if (!/^\d{17}[\dXx]$/.test(idNumber)) return null
  const year = Number(idNumber.slice(6, 10))
  const month = Number(idNumber.slice(10, 12))
  const day = Number(idNumber.slice(12, 14))
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null
  }
  return {
    birthDate: idNumber.slice(6, 14).replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3'),
    gender: Number(idNumber[16]) % 2 === 1 ? '1' : '2',
  }
}
