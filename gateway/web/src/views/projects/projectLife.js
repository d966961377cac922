/**
 * 停工 / 复工 / 竣工: which the authority may take from each project state, as project_svc's DECLARATION_FLOW
 * allows them (a project in progress is suspended or completed, a suspended one resumed or completed; a
 * completed one stays so).
 */
const ACTIONS_BY_STATE = {
  in_progress: ['suspend', 'complete'],
  suspended: ['resume', 'complete'],
}

/** The state actions a project in `state` offers, in the order the buttons show them. */
export function stateActionsFor(state) {
  return ACTIONS_BY_STATE[state] ?? []
}

/** The entry rules the switches edit, as PUT /projects/<id>/rules takes them. */
export function entryRulesOf(project) {
  return {
    assignment_required: Boolean(project.assignment_required),
    binding_review_required: Boolean(project.binding_review_required),
  }
}
