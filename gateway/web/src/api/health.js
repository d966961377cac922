import { request } from './request'

// A 503 still describes every service, which is what the health page shows.
export async function getHealth() {
  try {
    return await request('/health')
  } catch (error) {
    if (error.status === 503 && error.body?.services) return error.body
    throw error
  }
}
