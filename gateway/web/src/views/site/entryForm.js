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
 * The form for 下一个 after `saved` (the EntryRecord just created), on the same 进场日期:
 * 'same-employer' keeps 用人单位; 'same-leader' keeps 劳务队长 only (the saved person, when a team leader was
 * just entered), since a leader may lead workers of other employers; 'other' keeps nothing else.
 */
export function nextEntry(mode, saved) {
  const next = { ...emptyEntry(), entry_date: saved.entry_date ?? today() }
  if (mode === 'same-employer') next.employer_id = saved.employer_id
  if (mode === 'same-leader') next.team_leader_entry_id = saved.is_team_leader ? saved.id : saved.team_leader_entry_id
  return next
}

const EDITABLE = ['employer_id', 'is_team_leader', 'trade', 'education', 'entry_date']

/** The inline 编辑's draft of `row`: the phone starts as the row shows it (masked), since only that is known. */
export function entryDraft(row) {
  return {
    ...Object.fromEntries(EDITABLE.map((key) => [key, row[key]])),
    team_leader_entry_id: row.team_leader_entry_id,
    phone: row.phone_masked ?? '',
  }
}

/**
 * What the inline 编辑 changed in `row` (a draft from entryDraft). The phone is sent when a new one is typed,
 * and as null when the field is emptied (编辑 clears it); left as shown (masked) it is not sent.
 */
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
  if (phone !== (row.phone_masked ?? '')) changes.phone = phone || null
  return changes
}

/** Which column of the entry lists shows each field of an entry (for a refusal of 编辑). */
export const COLUMN_OF_FIELD = {
  employer_id: 'employer',
  is_team_leader: 'teamLeader',
  team_leader_entry_id: 'team',
  phone: 'phone',
  trade: 'trade',
  education: 'education',
  entry_date: 'entryDate',
}
