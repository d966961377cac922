/** Where a worker goes after logging in: the mobile page they asked for, never elsewhere (a crafted ?redirect=). */
export function mobileTarget(redirect) {
  return typeof redirect === 'string' && /^\/m(\/|$|\?)/.test(redirect) && !redirect.startsWith('/m/login')
    ? redirect
    : '/m'
}

/** What is wrong with a password a worker chooses ('short', 'digits'), as the gateway says it (sooner); or null. */
export function passwordProblem(password) {
  if (password.length < 8) return 'short'
  if (/^\d+$/.test(password)) return 'digits'
  return null
}
