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
  // 管理人员登记
  'hukou_types',
  'marital_statuses',
  'highest_education_levels',
  'education_types',
  'degrees',
  'title_levels',
  'person_document_kinds',
  // employment: profiles, teams, contracts
  'politics',
  'certificate_types',
  'banks',
  'blood_types',
  'wage_schemes',
  'piece_units',
  'contract_types',
  'team_kinds',
  'employment_roles',
  'employment_states',
  'employment_end_reasons',
  'profile_states',
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

  /** The name of `code` in `table`, legacy rows included (a migrated record shows its value); else `fallback`. */
  function label(table, code, fallback = code ?? '') {
    const entry = tables.value[table].find((item) => item.code === code)
    return entry ? nameOf(entry) : fallback
  }

  /**
   * What a select of `table` offers for new input: the rows not marked `legacy` (kept only so that migrated
   * records show their value), and `current` even if legacy, so an edited record still shows what it holds.
   */
  function options(table, current = null) {
    return tables.value[table]
      .filter((entry) => !entry.legacy || entry.code === current)
      .map((entry) => ({ value: entry.code, label: nameOf(entry) }))
  }

  return { label, options }
}
