import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { newIdempotencyKey } from '@/api/request'

/** Answers after which nobody knows whether the write was done: the retry sends the same key. */
const OUTCOME_UNKNOWN = new Set([0, 503])

/**
 * The errors of `fields` (a 422's `{path: words}`) that belong to the form part `part`: "entry.entry_date"
 * gives that part's `entry_date`, a path of another part gives nothing, and a plain key (no part named)
 * goes to every part. Without `part`, every path is kept as its last name.
 */
export function fieldErrorsAt(fields, part) {
  const errors = {}
  for (const [path, words] of Object.entries(fields ?? {})) {
    const dot = path.indexOf('.')
    if (dot < 0) errors[path] = words
    else if (!part || path.slice(0, dot) === part) errors[path.slice(dot + 1)] = words
  }
  return errors
}

/**
 * validate → send → map field errors → message, as every form of the portal does it.
 * `send({ idempotencyKey })` makes the API call and passes the key on; `forms` are the el-form refs validated
 * first; `saved(answer)` runs on success; `refused(error)` sees a refusal after its message and field errors are
 * shown; `success(answer)` gives the words of a success toast.
 *
 * Each submission has one Idempotency-Key. After a 503 or a network failure the write may or may not have
 * happened, so the next submit sends the same key and the gateway replays the first answer instead of acting
 * twice; if the user changed the form meanwhile (IDEMPOTENCY_KEY_REUSED) it is a new submission with a new key.
 * Any other answer ends the submission. The form keeps what the user typed either way.
 */
export function useFormSubmit(send, { forms = [], saved, refused, success } = {}) {
  const saving = ref(false)
  const errorMessage = ref('')
  // the refusal's fields as the server named them (paths); fieldErrorsAt(fieldErrors.value, part) splits them
  const fieldErrors = ref({})

  function clearErrors() {
    errorMessage.value = ''
    fieldErrors.value = {}
  }

  async function validate() {
    const checks = await Promise.all(forms.map((form) => form.value?.validate().catch(() => false) ?? true))
    return checks.every(Boolean)
  }

  /** Resolves with the answer, or undefined when the form was invalid or the server refused. */
  async function submit() {
    clearErrors()
    if (!(await validate())) return undefined
    saving.value = true
    try {
      const answer = await sendOnce()
      if (success) ElMessage.success(success(answer))
      saved?.(answer)
      return answer
    } catch (error) {
      errorMessage.value = error.message
      fieldErrors.value = error.fields ?? {}
      refused?.(error)
      return undefined
    } finally {
      saving.value = false
    }
  }

  let submissionKey = null

  async function sendOnce() {
    submissionKey ??= newIdempotencyKey()
    try {
      const answer = await send({ idempotencyKey: submissionKey })
      submissionKey = null
      return answer
    } catch (error) {
      if (error.code === 'IDEMPOTENCY_KEY_REUSED') {
        submissionKey = null
        return sendOnce()
      }
      if (!OUTCOME_UNKNOWN.has(error.status) && error.code !== 'IDEMPOTENCY_KEY_IN_FLIGHT') submissionKey = null
      throw error
    }
  }

  return { saving, errorMessage, fieldErrors, submit, clearErrors }
}
