import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { clauseCellLabeler } from '../src/i18n/clauseCellLabel';
import { resources } from '../src/i18n/i18n';

/** A separate i18next instance with the app's catalogues and interpolation settings. */
async function translator(lng: 'en' | 'zh') {
  const instance = i18next.createInstance();
  await instance.init({ resources, lng, fallbackLng: 'en', interpolation: { escapeValue: false } });
  return instance.t;
}

describe('clause cell names, translated once per memo', () => {
  it('name every cell exactly as asking i18next for each would, in both interface languages', async () => {
    for (const lng of ['en', 'zh'] as const) {
      const t = await translator(lng);
      const label = clauseCellLabeler(t);
      for (const [id, lang] of [['c-12', 'en'], ['intro_1', 'zh'], ['x', 'fr']] as const) {
        expect(label(id, lang)).toBe(t('labels.clause', { id, lang }));
      }
    }
    expect(clauseCellLabeler(await translator('en'))('c-12', 'zh')).toBe('Clause c-12 zh');
    expect(clauseCellLabeler(await translator('zh'))('c-12', 'en')).toBe('条款 c-12 en');
  });
});
