import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { getReference } from '@/api/reference'

const TABLES = [
  'id_document_types',
  'ethnicities',
  'genders',
  'trades',
  'education_levels',
  'unit_types',
  'evaluations',
  'entry_states',
]
const tables = ref(Object.fromEntries(TABLES.map((table) => [table, []])))
let loading = null

function load() {
  loading ??= getReference()
    .then((data) => {
      tables.value = { ...tables.value, ...data }
    })
    .catch((error) => {
      loading = null
      ElMessage.error(error.message)
    })
  return loading
}

/** Reference tables (document types, ethnicities, genders, trades …), fetched once and named in the current locale. */
export function useReference() {
  const { locale } = useI18n()
  load()

  const nameOf = (entry) => (locale.value === 'en' ? entry.name_en : entry.name)

  function label(table, code) {
    const entry = tables.value[table].find((item) => item.code === code)
    return entry ? nameOf(entry) : (code ?? '')
  }

  function options(table) {
    return tables.value[table].map((entry) => ({ value: entry.code, label: nameOf(entry) }))
  }

  return { label, options }
}
