/**
 * The columns of the manual's entry lists. `text(row, label)` is what a cell shows; `label` is the
 * reference store's code-to-name lookup.
 */
const COLUMNS = {
  project: { title: 'entry.project', width: 160, text: (row) => row.project_name },
  employer: { title: 'entry.employer', width: 190, text: (row) => row.employer_name },
  teamLeader: { title: 'entry.teamLeader', width: 90, text: (row) => (row.is_team_leader ? '✓' : '') },
  name: { title: 'person.name', width: 90, text: (row) => row.name },
  idNumber: { title: 'entry.idNumber', width: 130, text: (row) => row.id_number_masked },
  gender: { title: 'person.gender', width: 70, text: (row, label) => label('genders', row.gender) },
  team: { title: 'entry.team', width: 150, text: (row) => row.team_leader_name },
  trade: { title: 'entry.trade', width: 160, text: (row, label) => label('trades', row.trade) },
  education: { title: 'entry.education', width: 150, text: (row, label) => label('education_levels', row.education) },
  phone: { title: 'person.contactPhone', width: 130, text: (row) => row.phone_masked },
  entryDate: { title: 'entry.entryDate', width: 110, text: (row) => row.entry_date },
  exitDate: { title: 'entry.exitDate', width: 110, text: (row) => row.exit_date },
  evaluation: { title: 'entry.evaluation', width: 90, text: (row, label) => label('evaluations', row.evaluation) },
  // 一卡通: the attendance card (发卡, issue 10); the page gives the number, entries do not carry it
  card: { title: 'attendance.card.number', width: 120, text: (row) => row.card_number ?? '' },
  evaluationComment: { title: 'entry.evaluationComment', width: 200, text: (row) => row.evaluation_comment },
}

/** 用人单位 … 进场日期, as every list of the manual shows them. */
export const MANUAL_COLUMNS = [
  'employer',
  'teamLeader',
  'name',
  'idNumber',
  'gender',
  'team',
  'trade',
  'education',
  'phone',
  'entryDate',
]

export function entryColumns(keys) {
  return keys.map((key) => ({ key, ...COLUMNS[key] }))
}
