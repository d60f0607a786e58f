import { clauseMarker, numberingStyleFor, sectionMarker } from '@accord/shared/memo/numbering';
import type { SnapshotSection } from './memoSnapshot';

/**
 * Numbers in exports are written exactly as the memo page writes them in
 * that language column (shared/memo/numbering.ts): a Chinese version reads
 * 一、/（一）/1、, an English one I./(a)/1. — so a printed or downloaded
 * memo and the screen never disagree.
 */

/** A section heading with its number in a language version: `一、海洋合作`, `I. Status of relations`; unnumbered as it is. */
export function sectionHeadingText(section: SnapshotSection, lang: string): string {
  const title = section.title[lang] ?? '';
  if (section.number === null || title === '') return title;
  return `${sectionMarker(section.number, section.level, lang)}${numberingStyleFor(lang) === 'zh' ? '' : ' '}${title}`;
}

/** A clause number written before its text: `1、` (Chinese, no space) or `1. `. */
export function clauseNumberPrefix(number: number, lang: string): string {
  return numberingStyleFor(lang) === 'zh' ? clauseMarker(number, lang) : `${clauseMarker(number, lang)} `;
}
