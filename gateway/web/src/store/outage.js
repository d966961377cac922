import { reactive } from 'vue'

/**
 * What is down, as the last 503 named it: `{ code: 'DATABASE_UNAVAILABLE', service: 'identity_svc' }`, or
 * nothing once a call is answered again. The layout's banner shows it; forms keep what the user typed.
 */
export const outage = reactive({ code: null, service: null })

export function reportOutage({ code, body }) {
  outage.code = code
  outage.service = body?.service ?? null
}

export function clearOutage() {
  outage.code = null
  outage.service = null
}
