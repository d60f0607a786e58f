/**
 * How clause and section numbers are written in each language version of a
 * memo. Numbers themselves come from `buildStructure` (positions, never
 * stored); this module only writes them, per language column — never per
 * interface language: a Chinese column reads 一、/（一）/1、 for everyone, an
 * English one I. / (a) / 1.
 *
 * | level              | Chinese (`zh*`) | other languages |
 * | ------------------ | --------------- | --------------- |
 * | section            | 一、             | I.              |
 * | sub-section        | （一）            | (a)             |
 * | clause             | 1、              | 1.              |
 *
 * Chinese follows the hierarchy of official documents (GB/T 9704: 一、 →
 * （一） → 1.), with the enumeration comma 、 after clause numbers as in
 * Track II memos; English follows the I. / (a) / 1. of treaty and
 * resolution drafting, which keeps section and clause numbers apart.
 */
export type NumberingStyle = 'zh' | 'latin';

/** The numbering style of a memo language (a BCP 47 primary tag such as `zh` or `en`). */
export function numberingStyleFor(lang: string): NumberingStyle {
  return lang.toLowerCase().split(/[-_]/)[0] === 'zh' ? 'zh' : 'latin';
}

/** A clause's number as its language version shows it: `1、` or `1.`. */
export function clauseMarker(number: number, lang: string): string {
  return numberingStyleFor(lang) === 'zh' ? `${number}、` : `${number}.`;
}

/** A section heading's number as its language version shows it: `一、`/`（一）` or `I.`/`(a)`. */
export function sectionMarker(number: number, level: 1 | 2, lang: string): string {
  if (numberingStyleFor(lang) === 'zh') return level === 1 ? `${chineseNumeral(number)}、` : `（${chineseNumeral(number)}）`;
  return level === 1 ? `${romanNumeral(number)}.` : `(${latinLetters(number)})`;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * A positive integer in Chinese numerals as used for enumeration (一, 十,
 * 十一, 二十, 一百零五). Up to 9999; larger numbers fall back to digits.
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) return String(n);
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += '零';
    pendingZero = false;
    // 10–19 read 十, 十一 … (not 一十一) at the start of the number.
    out += d === 1 && unit === '十' && out === '' ? unit : DIGITS[d]! + unit;
  });
  return out;
}

/** A positive integer in upper-case Roman numerals (I, IV, XII); beyond 3999, digits. */
export function romanNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) return String(n);
  const table: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [value, symbol] of table) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

/** A positive integer as lower-case letters, spreadsheet style: a … z, aa, ab … */
export function latinLetters(n: number): string {
  if (!Number.isInteger(n) || n < 1) return String(n);
  let out = '';
  let rest = n;
  while (rest > 0) {
    rest -= 1;
    out = String.fromCharCode(97 + (rest % 26)) + out;
    rest = Math.floor(rest / 26);
  }
  return out;
}
