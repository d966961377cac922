import { reactive } from 'vue'
import { getMe } from '@/api/auth'
import { clearToken, setToken } from '@/api/request'

export const session = reactive({ account: null })

export async function ensureAccount() {
  if (!session.account) session.account = await getMe()
  return session.account
}

export function signIn({ token, account }) {
  setToken(token, 'staff')
  session.account = account
}

export function signOut() {
  clearToken('staff')
  session.account = null
}
