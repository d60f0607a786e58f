import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { en } from '../src/i18n/locales/en';
import { zh } from '../src/i18n/locales/zh';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf of a catalogue as `group.key` → string. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value, path)) out.set(p, v);
  }
  return out;
}

/** The `{{variables}}` a string interpolates (formats after a comma ignored), sorted. */
function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^},\s]+)[^}]*\}\}/g)].map((m) => m[1]!).sort();
}

const catalogues = { en, zh } as const;

describe('interface catalogues', () => {
  const enLeaves = leaves(en);
  const zhLeaves = leaves(zh);

  it('every key of one language exists in the other', () => {
    const missingInZh = [...enLeaves.keys()].filter((key) => !zhLeaves.has(key));
    const missingInEn = [...zhLeaves.keys()].filter((key) => !enLeaves.has(key));
    expect({ missingInZh, missingInEn }).toEqual({ missingInZh: [], missingInEn: [] });
  });

  it('both languages interpolate the same variables in every string', () => {
    const differing = [...enLeaves]
      .filter(([key, text]) => zhLeaves.has(key) && variables(text).join() !== variables(zhLeaves.get(key)!).join())
      .map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it('no string is empty', () => {
    for (const [name, catalogue] of Object.entries(catalogues)) {
      const empty = [...leaves(catalogue)].filter(([, text]) => text.trim() === '').map(([key]) => key);
      expect(empty, name).toEqual([]);
    }
  });

  it('every server error code has a message in both languages (errors.<code> and notices.<code>)', () => {
    for (const code of Object.values(ErrorCode)) {
      for (const [name, catalogue] of Object.entries(catalogues)) {
        const all = leaves(catalogue);
        expect(all.get(`errors.${code}`), `${name} errors.${code}`).toBeTruthy();
        expect(all.get(`notices.${code}`), `${name} notices.${code}`).toBeTruthy();
      }
    }
  });

  it('the Chinese catalogue is actually translated (most strings differ from English)', () => {
    const same = [...enLeaves].filter(([key, text]) => zhLeaves.get(key) === text).map(([key]) => key);
    // Brand, language names and pure placeholders legitimately stay the same.
    expect(same.sort()).toEqual(['app.name', 'language.en', 'language.zh', 'memoList.noParty', 'noticeClause'].sort());
  });

  it('the parity check itself finds a key missing in one language', () => {
    const broken = leaves({ ...en, common: { ...en.common, extra: 'Only in English' } });
    expect([...broken.keys()].filter((key) => !zhLeaves.has(key))).toEqual(['common.extra']);
  });
});
