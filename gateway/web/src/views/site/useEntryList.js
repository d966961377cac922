import { onMounted, reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { listEntries } from '@/api/entries'

/** One page of GET /entries under the filters last searched for; `fixed` filters always apply. */
export function useEntryList(fixed = {}) {
  const filters = ref({})
  const paging = reactive({ page: 1, page_size: 20 })
  const rows = ref([])
  const total = ref(0)
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      const result = await listEntries({ ...filters.value, ...fixed, ...paging })
      rows.value = result.items
      total.value = result.total
    } catch (error) {
      ElMessage.error(error.message)
    } finally {
      loading.value = false
    }
  }

  function search(query) {
    filters.value = query
    paging.page = 1
    load()
  }

  const firstIndex = () => (paging.page - 1) * paging.page_size + 1

  onMounted(load)

  return { filters, paging, rows, total, loading, load, search, firstIndex }
}
