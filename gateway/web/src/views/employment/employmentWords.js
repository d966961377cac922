import { formatDateTime } from '@/utils/format'

/** The states of an employment relation, as the lifecycle goes (words: employment.states.*). */
export const EMPLOYMENT_STATES = [
  'pending',
  'employed',
  'declined',
  'withdrawn',
  'resignation_requested',
  'dismissal_requested',
  'ended',
]

/** Roles of a relation (words: employment.roles.*). */
export const ROLES = ['worker', 'manager']

/** ISO timestamp or date → "YYYY-MM-DD" in the browser's time zone; '' for none. */
export function dateOf(value) {
  if (!value) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  return formatDateTime(value).slice(0, 10)
}
