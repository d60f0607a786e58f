import { z } from 'zod';

/**
 * The interface languages Accord ships (an account's `locale` preference).
 * Distinct from a memo's languages: a memo may be written in any languages,
 * and every person sees all of them whatever their interface language.
 */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

/** Validates a locale in requests (`PUT /api/me/preferences`). */
export const LocaleSchema = z.enum(LOCALES);

/** Type guard for values read from storage or the browser. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The interface language for a browser's preferred languages (BCP 47 tags,
 * most preferred first): the first tag that is Chinese (`zh`, `zh-CN`,
 * `zh-Hant-TW` …) or English picks it; anything else falls back to English.
 */
export function localeFromLanguageTags(tags: readonly string[]): Locale {
  for (const tag of tags) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh';
    if (primary === 'en') return 'en';
  }
  return 'en';
}
