import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isLocale, localeFromLanguageTags, type Locale } from '@accord/shared/i18n/locale';
import { en } from './locales/en';
import { zh } from './locales/zh';

/** Both catalogues, bundled: they are small, and switching language must be instant. */
export const resources = { en: { translation: en }, zh: { translation: zh } } as const;

const STORAGE_KEY = 'accord.locale';

/**
 * The language to start in: the last one chosen in this browser (or the
 * signed-in account's, remembered at login), else the browser's preferred
 * languages (zh* → Chinese, anything else → English).
 */
export function initialLocale(): Locale {
  try {
    const remembered = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(remembered)) return remembered;
  } catch {
    // storage blocked (privacy mode): fall back to the browser's languages
  }
  return localeFromLanguageTags(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

/**
 * Switches the interface language everywhere at once (components re-render
 * through react-i18next), sets `<html lang>` so screen readers and fonts
 * follow, and remembers the choice in this browser.
 */
export function applyLocale(locale: Locale): void {
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not remembered in this browser; the account preference still is
  }
  if (i18next.language !== locale) void i18next.changeLanguage(locale);
}

/** The current interface language. */
export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : 'en';
}

/**
 * Initialises i18next once, synchronously (resources are bundled), before
 * the first render. Values are not HTML-escaped: React escapes them.
 */
export function initI18n(): void {
  const locale = initialLocale();
  void i18next.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh'],
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
}
