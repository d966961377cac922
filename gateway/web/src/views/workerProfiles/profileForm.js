/** The wage schemes whose wage is a daily one (日工资); 计件 has a unit price and a unit instead. */
export const DAILY_SCHEMES = ['time', 'day']

// Known only masked once saved: sent only when typed (left out, the stored value stays).
const SECRET = ['phone', 'wage_card_number', 'emergency_contact_phone']

/** A blank 基本信息登记 form; `role` is 建筑工人 (worker) or 管理员 (manager). */
export function emptyProfile(role = 'worker') {
  return {
    role,
    phone: '',
    education: '',
    politics: '',
    is_safety_officer: false,
    trade: '',
    certificate_type: '',
    certificate_number: '',
    certificate_valid_until: null,
    is_team_leader: false,
    team_id: null,
    contract_starts_on: null,
    contract_ends_on: null,
    is_temporary: false,
    bank: '',
    wage_card_number: '',
    wage_scheme: 'day',
    daily_wage: '',
    unit_price: '',
    piece_unit: '',
    blood_type: '',
    emergency_contact_name: '',
    emergency_contact_phone: '',
    position: '',
  }
}

/** The form of a saved profile (GET /worker-profiles/<id>): the masked items stay empty. */
export function profileForm(view) {
  const form = emptyProfile(view.role)
  for (const key of Object.keys(form)) {
    if (SECRET.includes(key)) continue
    const value = view[key]
    if (value !== null && value !== undefined) form[key] = value
  }
  return form
}

/** A Luhn check of a card number (the server checks it too). */
export function luhnValid(number) {
  let sum = 0
  for (let i = 0; i < number.length; i += 1) {
    let digit = Number(number[number.length - 1 - i])
    if (i % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/**
 * The body of PUT /worker-profiles/<relation_id>: trimmed, blanks as null, the wage of the scheme only
 * (日工资 for 计时 / 点工, 单价 + 计件单位 for 计件), a manager's 职务 only; the masked items only when typed.
 */
export function profilePayload(form) {
  const body = {}
  // relation_id names whose profile it is: it goes in the path
  for (const [key, value] of Object.entries(form)) {
    if (key === 'relation_id') continue
    const trimmed = typeof value === 'string' ? value.trim() : value
    if (SECRET.includes(key)) {
      if (trimmed) body[key] = key === 'wage_card_number' ? trimmed.replace(/\s+/g, '') : trimmed
      continue
    }
    body[key] = trimmed === '' ? null : trimmed
  }
  const piece = form.wage_scheme === 'piece'
  if (piece) body.daily_wage = null
  else {
    body.unit_price = null
    body.piece_unit = null
  }
  if (form.role !== 'manager') body.position = null
  if (!body.certificate_type) {
    body.certificate_number = null
    body.certificate_valid_until = null
  }
  return body
}
