/**
 * Recognises the numbering at the start of a paragraph, Chinese and Western:
 * `1.` `1、` `1．` `1)` `(1)` `（1）` `- 1、` for clauses; `一、` and `（一）`
 * (Chinese ordinal numbers) are section headings when the paragraph is short
 * and heading-shaped, clauses otherwise. The number itself is not kept: a
 * memo derives clause numbers from position.
 */
export type NumberMatch =
  | { kind: 'clause'; number: number; rest: string }
  | { kind: 'heading'; level: 1 | 2; rest: string };

const CLAUSE = /^\s*(?:[-*•·]\s*)?(?:(\d{1,3})\s*(?:[.．](?!\d)|[、)）])|[(（](\d{1,3})[)）])\s*/;
const CHINESE_ORDINAL = /^\s*(?:[-*•·]\s*)?(?:([一二三四五六七八九十百]{1,4})\s*、|[(（]([一二三四五六七八九十]{1,3})[)）])\s*/;

export function recogniseNumber(text: string): NumberMatch | null {
  const western = CLAUSE.exec(text);
  if (western) {
    const rest = text.slice(western[0].length);
    if (rest.trim() === '') return null;
    return { kind: 'clause', number: Number(western[1] ?? western[2]), rest };
  }
  const chinese = CHINESE_ORDINAL.exec(text);
  if (chinese) {
    const rest = text.slice(chinese[0].length);
    if (rest.trim() === '') return null;
    const numeral = chinese[1] ?? chinese[2]!;
    if (isHeadingShaped(rest)) return { kind: 'heading', level: chinese[1] !== undefined ? 1 : 2, rest };
    return { kind: 'clause', number: chineseNumeral(numeral), rest };
  }
  return null;
}

/** Bullets without a number: `- `, `* `, `• `, `· `. */
export const BULLET = /^\s*[-*•·]\s+/;

/** Sentence-final punctuation, Chinese and Western: a paragraph ending in one is complete. */
export const TERMINAL = /[。．.！!？?；;：:…」』”"’')）\]】]$/;

/** Short, one line, not ending like a sentence: the shape of a heading or a title line. */
export function isHeadingShaped(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 60 && !t.includes('\n') && !t.includes('\t') && !/[。．！!？?；;，,、：:]$/.test(t) && !/\.$/.test(t);
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十二 → 12, 二十 → 20, 一百零三 is beyond any memo and counts loosely. */
export function chineseNumeral(s: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else digit = DIGITS[ch] ?? 0;
  }
  return total + digit;
}

const SECTION_MARKER = /^\s*(?:[一二三四五六七八九十百千零]{1,6}\s*、|[(（][一二三四五六七八九十百千零]{1,6}[)）]|[IVXLCDM]{1,8}\.\s+|\([a-z]{1,3}\)\s+)\s*/;

/**
 * A heading without its written section number — `一、` `（一）` (Chinese
 * official documents) or `I.` `(a)` (as the export writes English versions,
 * shared/memo/numbering.ts) — since a memo numbers sections by position and
 * would otherwise show the number twice. A heading that is only a number is
 * kept as it is.
 */
export function stripSectionMarker(heading: string): string {
  const text = heading.trim();
  const rest = text.replace(SECTION_MARKER, '');
  return rest.trim() === '' ? text : rest.trim();
}
