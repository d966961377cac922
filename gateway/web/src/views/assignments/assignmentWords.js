/** 人员角色 and a manager's positions, as the API names them (assignments.roles.* / assignments.positions.*). */
export const ROLES = ['worker', 'manager']

export const POSITIONS = [
  'project_manager',
  'technical_lead',
  'construction_officer',
  'quality_officer',
  'safety_officer',
  'standards_officer',
  'materials_officer',
  'machinery_officer',
  'labour_officer',
  'records_officer',
  'other_manager',
]

export const STATES = ['pending', 'confirmed', 'rejected', 'ended']

/** A person picked for assignment, with the defaults of the form: 建筑工人, not lodging on site. */
export function pickedPerson(member) {
  return { ...member, role: 'worker', position: null, lodging_on_site: false }
}

/** What POST /assignments takes of a picked person. */
export function assignmentOf(person) {
  return {
    person_id: person.person_id,
    role: person.role,
    position: person.role === 'manager' ? person.position : null,
    lodging_on_site: person.lodging_on_site,
  }
}

/** The refused people of a refusal (`people.<i>.person_id` → words), by person id. */
export function refusedByPerson(fields, people) {
  const refused = {}
  for (const [path, words] of Object.entries(fields ?? {})) {
    const match = /^people\.(\d+)\./.exec(path)
    if (match && people[Number(match[1])]) refused[people[Number(match[1])].person_id] = words
  }
  return refused
}
