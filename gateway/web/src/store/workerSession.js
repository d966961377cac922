import { reactive } from 'vue'
import { clearToken, setToken } from '@/api/request'

/** The worker logged in on the mobile page: a login of its own, apart from the staff portal's (store/session). */
export const workerSession = reactive({ account: null })

export function signInWorker({ token, account }) {
  setToken(token, 'worker')
  workerSession.account = account
}

export function signOutWorker() {
  clearToken('worker')
  workerSession.account = null
}
