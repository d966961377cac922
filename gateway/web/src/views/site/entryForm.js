import { today } from '@/utils/format'
import { RESIDENT_ID_TYPE } from '@/utils/idNumber'

/** 用工信息 of a new entry: no team leader means 非现场作业人员 (null); the entry date defaults to today. */
export function emptyEmployment() {
  return {
    employer_id: null,
    is_team_leader: false,
    team_leader_entry_id: null,
    phone: '',
    trade: '',
    education: '',
    entry_date: today(),
  }
}

/** The 进场登记 form: 用工信息 plus the worker's resident ID number. */
export function emptyEntry() {
  return { ...emptyEmployment(), id_number: '' }
}

export function employmentPayload(form) {
  const body = {
    employer_id: form.employer_id,
    is_team_leader: form.is_team_leader,
    team_leader_entry_id: form.is_team_leader ? null : form.team_leader_entry_id,
    trade: form.trade,
    education: form.education,
    entry_date: form.entry_date,
  }
  const phone = form.phone.trim()
  if (phone) body.phone = phone
  return body
}

export function entryPayload(form) {
  return { ...employmentPayload(form), id_type: RESIDENT_ID_TYPE, id_number: form.id_number.trim() }
}

/**
 * The form for 下一个 after `saved` (the EntryRecord just created): 'same-employer' keeps 用人单位,
 * 'same-leader' keeps 用人单位 and 劳务队长 (the saved person, when a team leader was just entered),
 * 'other' keeps nothing.
 */
export function nextEntry(mode, saved) {
  const next = emptyEntry()
  if (mode === 'other') return next
  next.employer_id = saved.employer_id
  if (mode === 'same-leader') next.team_leader_entry_id = saved.is_team_leader ? saved.id : saved.team_leader_entry_id
  return next
}

/** Splits the `fields` of a 非正常登记 refusal: "person.x" and "entry.x" go to their part, a plain key to both. */
export function splitFieldErrors(fields = {}) {
  const parts = { person: {}, entry: {} }
  for (const [key, message] of Object.entries(fields)) {
    const [part, field] = key.split(/\.(.*)/s)
    if (field && part in parts) parts[part][field] = message
    else for (const errors of Object.values(parts)) errors[key] = message
  }
  return parts
}

const EDITABLE = ['employer_id', 'is_team_leader', 'trade', 'education', 'entry_date']

/** What the inline 编辑 changed in `row`; the phone is known only masked, so it is sent only when typed. */
export function entryChanges(row, draft) {
  const changes = {}
  for (const key of EDITABLE) {
    if (draft[key] !== row[key]) changes[key] = draft[key]
  }
  // A team leader leads their own team; the server decides what 所属劳务队 then says.
  if (!draft.is_team_leader && draft.team_leader_entry_id !== row.team_leader_entry_id) {
    changes.team_leader_entry_id = draft.team_leader_entry_id
  }
  const phone = draft.phone.trim()
  if (phone) changes.phone = phone
  return changes
}
