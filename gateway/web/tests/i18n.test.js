import { describe, expect, it } from 'vitest'
import zhCN from '@/i18n/zh-CN'
import en from '@/i18n/en'

const keys = (messages, prefix = '') =>
  Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  )

describe('messages', () => {
  it('has the same keys in Chinese and English', () => {
    expect(keys(en).sort()).toEqual(keys(zhCN).sort())
  })
})
