import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { getProjectReference } from '@/api/projects'

const tables = ref({})
let loading = null

/** 项目分类, 投资性质, 保证金办理方式, states, roles, contract tables and the GB/T 2260 region tree, fetched once. */
export function useProjectReference() {
  const { locale } = useI18n()
  if (!loading) {
    loading = getProjectReference()
      .then((answer) => {
        tables.value = answer
      })
      .catch((error) => {
        loading = null
        ElMessage.error(error.message)
      })
  }

  const words = (row) => (locale.value === 'en' ? row.name_en : row.name)

  /** `[{value, label}]` of a table. */
  function options(table) {
    return (tables.value[table] ?? []).map((row) => ({ value: row.code, label: words(row) }))
  }

  /** The words of `code` in `table`; the code itself when the table does not know it. */
  function label(table, code) {
    const row = (tables.value[table] ?? []).find((each) => each.code === code)
    return row ? words(row) : code
  }

  return { tables, options, label }
}

/** The tag type of a project state. */
export const STATE_TAGS = {
  pending_review: 'warning',
  rejected: 'danger',
  in_progress: 'success',
  suspended: 'info',
  completed: 'info',
}

export const MAIN_UNIT_ROLES = ['owner', 'surveyor', 'designer', 'general_contractor', 'supervisor']

/** An empty declaration form, or one filled from a project (修改后重新提交). */
export function declarationForm(project = {}) {
  const units = Object.fromEntries(MAIN_UNIT_ROLES.map((role) => {
    const unit = project.units?.[role] ?? {}
    return [role, {
      credit_code: unit.credit_code ?? '',
      name: unit.enterprise_name ?? '',
      manager_name: unit.manager_name ?? '',
      manager_phone: unit.manager_phone ?? '',
    }]
  }))
  const text = (name) => project[name] ?? ''
  return {
    registration_number: text('registration_number'),
    name: text('name'),
    category: text('category'),
    investment_type: text('investment_type'),
    contact_name: text('contact_name'),
    contact_phone: text('contact_phone'),
    area_code: text('area_code'),
    address: text('address'),
    lat: text('lat'),
    lng: text('lng'),
    start_date: project.start_date ?? null,
    planned_completion_date: project.planned_completion_date ?? null,
    builder_license_number: text('builder_license_number'),
    builder_license_date: project.builder_license_date ?? null,
    building_area: text('building_area'),
    building_height: text('building_height'),
    structure_levels: text('structure_levels'),
    construction_cost: text('construction_cost'),
    wage_bank: text('wage_bank'),
    deposit_method: text('deposit_method'),
    units,
  }
}

/** What is sent: blanks as null, so the service names every missing field. */
export function declarationBody(form) {
  const blank = (value) => (typeof value === 'string' ? value.trim() || null : value ?? null)
  const body = {}
  for (const [name, value] of Object.entries(form)) {
    if (name !== 'units') body[name] = blank(value)
  }
  body.units = Object.fromEntries(Object.entries(form.units).map(([role, unit]) => [
    role, Object.fromEntries(Object.entries(unit).map(([name, value]) => [name, blank(value)])),
  ]))
  return body
}
