import { describe, expect, it } from 'vitest';
import type { ClauseId, SectionId } from '../src/ids';
import { chineseNumeral, clauseMarker, latinLetters, numberingStyleFor, romanNumeral, sectionMarker } from '../src/memo/numbering';
import { buildStructure } from '../src/memo/structure';
import type { OutlineEntry } from '../src/memo/ydocLayout';

const s = (id: string, level: 1 | 2 = 1, numbered = true): OutlineEntry => ({ t: 'section', id: id as SectionId, level, numbered });
const c = (id: string): OutlineEntry => ({ t: 'clause', id: id as ClauseId });

describe('numbering styles per memo language', () => {
  it('Chinese versions read 一、 / （一） / 1、; every other language I. / (a) / 1.', () => {
    expect([sectionMarker(1, 1, 'zh'), sectionMarker(2, 2, 'zh'), clauseMarker(3, 'zh')]).toEqual(['一、', '（二）', '3、']);
    expect([sectionMarker(1, 1, 'en'), sectionMarker(2, 2, 'en'), clauseMarker(3, 'en')]).toEqual(['I.', '(b)', '3.']);
    expect([sectionMarker(4, 1, 'fr'), sectionMarker(1, 2, 'fr'), clauseMarker(10, 'fr')]).toEqual(['IV.', '(a)', '10.']);
    expect(numberingStyleFor('zh-Hant')).toBe('zh');
    expect(numberingStyleFor('en')).toBe('latin');
  });

  it('writes Chinese numerals the way enumerations read them', () => {
    const cases: [number, string][] = [
      [1, '一'], [9, '九'], [10, '十'], [11, '十一'], [19, '十九'], [20, '二十'], [21, '二十一'],
      [99, '九十九'], [100, '一百'], [101, '一百零一'], [110, '一百一十'], [1005, '一千零五'], [2024, '二千零二十四'],
    ];
    for (const [n, text] of cases) expect(chineseNumeral(n), String(n)).toBe(text);
    expect(chineseNumeral(0)).toBe('0');
  });

  it('writes Roman numerals and letter sequences', () => {
    expect([1, 4, 9, 14, 40, 90, 400, 1994].map(romanNumeral)).toEqual(['I', 'IV', 'IX', 'XIV', 'XL', 'XC', 'CD', 'MCMXCIV']);
    expect([1, 2, 26, 27, 28, 52, 53].map(latinLetters)).toEqual(['a', 'b', 'z', 'aa', 'ab', 'az', 'ba']);
  });

  it('numbers numbered headings among their own level; an unnumbered preamble takes no number', () => {
    const tree = buildStructure([s('pre', 1, false), c('p1'), s('a'), c('a1'), s('a-x', 2), c('x1'), s('a-note', 2, false), s('a-y', 2), s('b'), s('b-x', 2)]);
    expect(tree.map((n) => [n.id, n.number])).toEqual([['pre', null], ['a', 1], ['b', 2]]);
    expect(tree[1]!.subsections.map((n) => [n.id, n.number])).toEqual([['a-x', 1], ['a-note', null], ['a-y', 2]]);
    expect(tree[2]!.subsections.map((n) => n.number)).toEqual([1]);
    // The memo's Chinese column shows 一、 and （二）, its English column I. and (b), for the same headings.
    expect(sectionMarker(tree[1]!.number!, 1, 'zh')).toBe('一、');
    expect(sectionMarker(tree[1]!.subsections[2]!.number!, 2, 'en')).toBe('(b)');
  });

  it('the implicit leading group has no number', () => {
    expect(buildStructure([c('c0'), s('a')]).map((n) => n.number)).toEqual([null, 1]);
  });
});
