import { onMounted, reactive, ref } from 'vue'
import { ElMessage } from 'element-plus'

/**
 * One page of a list endpoint (`list(query)` answers `{items, total}`) under the filters last searched for.
 * `search(query)` starts again from page 1, with `query` as the new filters when given; `fixed` always applies.
 */
export function usePagedList(list, { filters: initial = {}, fixed = {} } = {}) {
  const filters = ref({ ...initial })
  const paging = reactive({ page: 1, page_size: 20 })
  const rows = ref([])
  const total = ref(0)
  const loading = ref(false)

  async function load() {
    loading.value = true
    try {
      const result = await list({ ...filters.value, ...fixed, ...paging })
      rows.value = result.items
      total.value = result.total
    } catch (error) {
      ElMessage.error(error.message)
    } finally {
      loading.value = false
    }
  }

  function search(query) {
    if (query !== undefined) filters.value = query
    paging.page = 1
    load()
  }

  /** The 序号 of a page's first row. */
  const firstIndex = () => (paging.page - 1) * paging.page_size + 1

  onMounted(load)

  return { filters, paging, rows, total, loading, load, search, firstIndex }
}
