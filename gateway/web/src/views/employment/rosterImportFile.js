/** What 花名册导入 takes: an .xlsx workbook (the template filled in) of at most 30 MB. */
export const IMPORT_EXTENSION = '.xlsx'
export const MAX_IMPORT_BYTES = 30 * 1024 * 1024

/** Why `file` cannot be imported ('type', 'size' or 'empty'), or null when it can (the server reads it again). */
export function importFileProblem(file) {
  if (!(file.name ?? '').toLowerCase().endsWith(IMPORT_EXTENSION)) return 'type'
  if (file.size > MAX_IMPORT_BYTES) return 'size'
  if (file.size === 0) return 'empty'
  return null
}
