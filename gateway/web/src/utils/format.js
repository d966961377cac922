const pad = (n) => String(n).padStart(2, '0')

/** ISO timestamp -> "YYYY-MM-DD HH:mm" in the browser's time zone. */
export function formatDateTime(iso) {
  if (!iso) return ''
  const d = new Date(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Today as "YYYY-MM-DD" in the browser's time zone. */
export function today() {
  const d = new Date()
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
