import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './i18n-common';

export type Lang = 'ja' | 'en';
const KEY = 'shirube.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'ja';
  } catch {
    return 'ja';
  }
}

i18n.use(initReactI18next).init({
  lng: initialLang(),
  fallbackLng: 'ja',
  defaultNS: 'common',
  ns: ['common'],
  resources: { ja: { common: common.ja }, en: { common: common.en } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18n.language;

export function setLang(lang: Lang): void {
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* private mode */
  }
}

/** Add a feature's dictionary (namespace) for both languages. */
export function addDictionary(ns: string, dict: { ja: Record<string, unknown>; en: Record<string, unknown> }): void {
  i18n.addResourceBundle('ja', ns, dict.ja, true, true);
  i18n.addResourceBundle('en', ns, dict.en, true, true);
}

/** Pick the current language's side of a bilingual value from the server. */
export function pick(value: { ja: string; en: string } | null | undefined): string {
  if (!value) return '';
  return i18n.language === 'en' ? value.en : value.ja;
}

export default i18n;
