import { computed } from 'vue'
import { session } from '@/store/session'

/** The project a site user's 考勤 pages are of: their account's own (null for an account without one). */
export function useSiteProject() {
  return computed(() => session.account?.project_id ?? null)
}

/** "85.0%" of a rate between 0 and 1; '' when there is none (nobody on site). */
export function percent(rate) {
  if (rate === null || rate === undefined) return ''
  return `${(rate * 100).toFixed(1)}%`
}
