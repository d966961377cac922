import { describe, expect, it } from 'vitest'
import { deriveFromResidentId } from '@/utils/idNumber'

describe('deriveFromResidentId', () => {
  it('reads birth date and gender from an 18-character number', () => {
    expect(deriveFromResidentId('11010519491231002X')).toEqual({ birthDate: '1949-12-31', gender: '2' })
    expect(deriveFromResidentId('310101198503025136')).toEqual({ birthDate: '1985-03-02', gender: '1' })
  })

  it('ignores numbers that are not shaped like a resident ID', () => {
    expect(deriveFromResidentId('3101011985')).toBeNull()
    expect(deriveFromResidentId('31010119850230513X')).toBeNull()
    expect(deriveFromResidentId('3101011985030251A6')).toBeNull()
  })
})
