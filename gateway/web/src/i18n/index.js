import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

const STORAGE_KEY = 'locale'
export const LOCALES = ['zh-CN', 'en']

function savedLocale() {
  const saved = localStorage.getItem(STORAGE_KEY)
  return LOCALES.includes(saved) ? saved : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
})

export function currentLocale() {
  return i18n.global.locale.value
}

export function setLocale(locale) {
  i18n.global.locale.value = locale
  localStorage.setItem(STORAGE_KEY, locale)
}
