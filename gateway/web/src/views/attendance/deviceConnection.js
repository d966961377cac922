// A 海康 terminal's connection (设备地址, 用户名, 密码): the ISAPI address the platform reaches it at, so that
// it sends the device its people and faces; shared by 登记设备 and 修改连接

export const ADDRESS_PLACEHOLDER = 'http://192.168.1.64'

/**
 * The words of a refusal of `field`: the gateway's words as they are, a bare code it names (address: INVALID,
 * NOT_HIKVISION; username / password: REQUIRED) in the portal's own words.
 */
export function connectionFieldError({ t, te }, fieldErrors, field) {
  const problem = fieldErrors[field]
  if (!problem) return ''
  const key = `attendance.device.fieldCodes.${field}.${problem}`
  return te(key) ? t(key) : problem
}

/**
 * The rule that a filled address needs `field` (the username, the password) as well; `kept()` true: an empty
 * value keeps what the platform has stored.
 */
export function requiredWithAddress({ t }, form, field, kept = () => false) {
  return [{
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (form.address.trim() && !String(value ?? '').trim() && !kept()) {
        callback(new Error(t('form.required', { field: t(`attendance.device.${field}`) })))
      } else {
        callback()
      }
    },
  }]
}
