import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { fieldErrorsAt, useFormSubmit } from '@/composables/useFormSubmit'
import { ApiError } from '@/api/request'

describe('fieldErrorsAt', () => {
  it.each([
    ['person', { name: 'a', phone: 'c' }],
    ['entry', { entry_date: 'b', phone: 'c' }],
    [undefined, { name: 'a', entry_date: 'b', phone: 'c' }],
  ])('gives the part %s its own paths and the plain names', (part, expected) => {
    expect(fieldErrorsAt({ 'person.name': 'a', 'entry.entry_date': 'b', phone: 'c' }, part)).toEqual(expected)
  })

  it('gives nothing for no refusal', () => {
    expect(fieldErrorsAt(undefined, 'entry')).toEqual({})
  })
})

describe('useFormSubmit', () => {
  const validForm = (valid) => ref({ validate: () => (valid ? Promise.resolve(true) : Promise.reject(new Error('invalid'))) })

  it('sends nothing while a form is invalid', async () => {
    const send = vi.fn()
    const { submit } = useFormSubmit(send, { forms: [validForm(true), validForm(false)] })

    expect(await submit()).toBeUndefined()
    expect(send).not.toHaveBeenCalled()
  })

  it('hands the answer on and clears the last refusal', async () => {
    const saved = vi.fn()
    const send = vi
      .fn()
      .mockRejectedValueOnce(new ApiError({ status: 422, code: 'INVALID_INPUT', message: '输入有误', fields: { name: '必填' } }))
      .mockResolvedValueOnce({ id: 1 })
    const { submit, errorMessage, fieldErrors, saving } = useFormSubmit(send, { forms: [validForm(true)], saved })

    await submit()
    expect(errorMessage.value).toBe('输入有误')
    expect(fieldErrors.value).toEqual({ name: '必填' })
    expect(saving.value).toBe(false)

    expect(await submit()).toEqual({ id: 1 })
    expect(saved).toHaveBeenCalledWith({ id: 1 })
    expect(errorMessage.value).toBe('')
    expect(fieldErrors.value).toEqual({})
  })
})
