import { describe, expect, it } from 'vitest';
import { isLocale, localeFromLanguageTags, LocaleSchema } from '../src/i18n/locale';

describe('interface locale', () => {
  it('picks Chinese for any zh tag and English otherwise, in the browser\'s order of preference', () => {
    expect(localeFromLanguageTags(['zh-CN', 'en-US'])).toBe('zh');
    expect(localeFromLanguageTags(['zh'])).toBe('zh');
    expect(localeFromLanguageTags(['zh-Hant-TW'])).toBe('zh');
    expect(localeFromLanguageTags(['ZH_cn'])).toBe('zh');
    expect(localeFromLanguageTags(['en-US', 'zh-CN'])).toBe('en');
    expect(localeFromLanguageTags(['fr-FR', 'zh-CN'])).toBe('zh');
    expect(localeFromLanguageTags(['fr-FR', 'de'])).toBe('en');
    expect(localeFromLanguageTags([])).toBe('en');
  });

  it('accepts exactly the shipped locales', () => {
    expect(isLocale('zh')).toBe(true);
    expect(isLocale('en')).toBe(true);
    expect(isLocale('zh-CN')).toBe(false);
    expect(isLocale(null)).toBe(false);
    expect(LocaleSchema.safeParse('fr').success).toBe(false);
  });
});
