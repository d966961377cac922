import { ref } from 'vue'
import { ElMessage } from 'element-plus'

/**
 * What a searching select offers: `search(text)` asks `find(text)` for the items that match. An answer to an
 * earlier search that arrives after a later one is dropped, so the options always match what was typed last;
 * a refusal is shown as a message.
 */
export function useRemoteSearch(find) {
  const found = ref([])
  const loading = ref(false)
  let latest = 0

  async function search(text) {
    const ticket = ++latest
    loading.value = true
    try {
      const items = await find(text)
      if (ticket === latest) found.value = items
    } catch (error) {
      ElMessage.error(error.message)
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  return { found, loading, search }
}
