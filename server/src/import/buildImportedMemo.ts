import type { MemoSeed, SectionSeed } from '@accord/shared/memo/seed';
import type { ImportWarning } from '@accord/shared/import/importReport';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import { DRAFT_BANNER } from '../export/exportOptions';
import { BULLET, isHeadingShaped, recogniseNumber, stripSectionMarker, TERMINAL } from './numbering';
import { paragraphText, type ParsedSource, type SourceParagraph, type SourceRun } from './sourceParagraph';

/** Most clauses and sections an import may create: a memo, not a book. */
export const MAX_IMPORTED_CLAUSES = 3000;

/** One clause of an imported memo: its paragraphs of runs, and the number the source gave it. */
export interface ImportedClause {
  paragraphs: SourceRun[][];
  sourceNumber: number | null;
}

export interface ImportedSection {
  level: 1 | 2;
  title: string;
  numbered: boolean;
  clauses: ImportedClause[];
}

/** A file read into memo structure, in one language. */
export interface ImportedMemo {
  titleLines: string[];
  sections: ImportedSection[];
  warnings: ImportWarning[];
  skippedParticipants: number;
  skippedTables: number;
}

type Block =
  | { kind: 'heading'; level: 1 | 2 | null; text: string; explicit: boolean }
  | { kind: 'title'; text: string }
  | { kind: 'para'; type: 'numbered' | 'bullet' | 'clause' | 'continuation' | 'body'; runs: SourceRun[]; number: number | null; unfinished: boolean };

const PARTICIPANTS = /参会者|参会人员|与会者|与会人员|出席人员|代表团成员|participants|attendees|delegation members/i;
/** Sub-section headings by their wording: "在…领域", "关于…方面", "On …", "In the field of …". */
const SUBSECTION = /^(?:在|关于|有关|就).{1,40}(?:领域|方面|问题)$|^(?:in|on|regarding|concerning)\s/i;

/**
 * Gives an imported file's paragraphs their place in a memo: title block,
 * sections and sub-sections, clauses. Formats with styles (Word, Markdown)
 * say what is a heading or a numbered item; plain text is read by shape:
 *
 * - leading short lines are the title block; text before the first heading is
 *   an untitled, unnumbered preamble section;
 * - numbered paragraphs (`1.` `1、` `(1)` `- 1、` …) start clauses and make
 *   their section numbered; other paragraphs in a numbered section continue
 *   the clause before them (bullets, closing sentences); in an unnumbered
 *   section each paragraph is a clause;
 * - short unpunctuated lines are headings — sub-sections when worded like one
 *   ("在…领域", "On …"), or when they sit between a section's lead-in and its
 *   first such sub-section;
 * - a paragraph that follows an unfinished one (no closing punctuation) is the
 *   rest of it, split by a page break;
 * - participants lists are skipped: a memo lists its own members.
 */
export function buildImportedMemo(source: ParsedSource): ImportedMemo {
  const blocks = toBlocks(source.paragraphs);
  const warnings: ImportWarning[] = [];
  let skippedParticipants = 0;

  // Title block: leading title lines and heading-shaped lines before any body text or explicit heading.
  const titleLines: string[] = [];
  let i = 0;
  for (; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.kind === 'title') titleLines.push(b.text);
    else if (b.kind === 'heading' && b.level === null && !PARTICIPANTS.test(b.text)) titleLines.push(b.text);
    else break;
  }
  const body = blocks.slice(i);
  assignHeadingLevels(body);

  const sections: ImportedSection[] = [];
  let current: ImportedSection | null = null;
  let inParticipants = false;
  let lastPara: Extract<Block, { kind: 'para' }> | null = null;
  for (const b of body) {
    // Names in a participants list are short lines: only a real heading ends the list.
    if (inParticipants && b.kind === 'heading' && !b.explicit && !PARTICIPANTS.test(b.text)) {
      skippedParticipants++;
      continue;
    }
    if (b.kind === 'title' || b.kind === 'heading') {
      lastPara = null;
      inParticipants = PARTICIPANTS.test(b.text) && b.text.length <= 40;
      if (inParticipants) continue;
      const level = b.kind === 'title' ? 1 : (b.level ?? 1);
      current = { level: level === 2 && sections.length > 0 ? 2 : 1, title: b.text, numbered: false, clauses: [] };
      sections.push(current);
      continue;
    }
    if (inParticipants) {
      skippedParticipants++;
      continue;
    }
    if (!current) {
      current = { level: 1, title: '', numbered: false, clauses: [] };
      sections.push(current);
    }
    const last = current.clauses[current.clauses.length - 1];
    // The rest of a paragraph a page break split.
    if (lastPara && lastPara.unfinished && last && (b.type === 'body' || b.type === 'continuation')) {
      const paragraph = last.paragraphs[last.paragraphs.length - 1]!;
      paragraph.push(...b.runs);
      lastPara = { ...b, unfinished: !TERMINAL.test(runsText(b.runs).trim()) };
      continue;
    }
    lastPara = b;
    switch (b.type) {
      case 'numbered':
        current.numbered = true;
        current.clauses.push({ paragraphs: [b.runs], sourceNumber: b.number });
        break;
      case 'clause':
        current.clauses.push({ paragraphs: [b.runs], sourceNumber: null });
        break;
      case 'continuation':
      case 'bullet':
        if (last) last.paragraphs.push(b.runs);
        else current.clauses.push({ paragraphs: [b.runs], sourceNumber: null });
        break;
      case 'body':
        if (current.numbered && last) last.paragraphs.push(b.runs);
        else current.clauses.push({ paragraphs: [b.runs], sourceNumber: null });
        break;
    }
  }

  for (const s of sections) {
    if (!s.numbered) continue;
    const firstNumbered = s.clauses.findIndex((c) => c.sourceNumber !== null);
    if (firstNumbered > 0) {
      warnings.push({
        kind: 'lead_in_numbered',
        section: s.title,
        count: firstNumbered,
        message: `section "${s.title}": ${firstNumbered} lead-in paragraph(s) before clause 1 became numbered clauses; the source's numbers shift by ${firstNumbered}`,
      });
    }
    const numbers = s.clauses.map((c) => c.sourceNumber).filter((n): n is number => n !== null);
    if (numbers.some((n, k) => n !== k + 1) && numbers.length > 0) {
      warnings.push({
        kind: 'numbering_irregular',
        section: s.title,
        numbers,
        message: `section "${s.title}": the source numbers (${numbers.join(', ')}) do not run 1, 2, 3…; the memo numbers clauses by position`,
      });
    }
  }
  // A heading with nothing under it is kept (an empty section), so the structure matches the source.
  const clauseCount = sections.reduce((n, s) => n + s.clauses.length, 0);
  if (clauseCount === 0 && sections.length === 0) throw new AccordError(ErrorCode.badRequest, 'the file has no memo text: no headings, no paragraphs');
  if (clauseCount > MAX_IMPORTED_CLAUSES || sections.length > MAX_IMPORTED_CLAUSES) {
    throw new AccordError(ErrorCode.payloadTooLarge, `the file has more than ${MAX_IMPORTED_CLAUSES} clauses or sections; split it`);
  }
  return { titleLines, sections, warnings, skippedParticipants, skippedTables: source.skippedTables };
}

function toBlocks(paragraphs: readonly SourceParagraph[]): Block[] {
  const out: Block[] = [];
  for (const p of paragraphs) {
    const text = paragraphText(p).replace(/\s+$/, '');
    if (p.role === 'title') {
      if (text.trim()) out.push({ kind: 'title', text: text.trim() });
      continue;
    }
    if (p.role === 'heading1' || p.role === 'heading2') {
      // The memo numbers sections by position: a written number (ours: 一、/（一）/I./(a)) is not part of the title.
      out.push({ kind: 'heading', level: p.role === 'heading1' ? 1 : 2, text: stripSectionMarker(text), explicit: true });
      continue;
    }
    if (text.trim() === '' || DRAFT_BANNER.test(text.trim())) continue;
    const para = (type: Extract<Block, { kind: 'para' }>['type'], runs: SourceRun[], number: number | null): Block => {
      const plain = runsText(runs).trim();
      return { kind: 'para', type, runs, number, unfinished: plain.length > 60 && !TERMINAL.test(plain) };
    };
    if (p.role === 'numbered') {
      out.push(para('numbered', p.runs, null));
      continue;
    }
    if (p.role === 'continuation' || p.role === 'clause') {
      out.push(para(p.role, p.runs, null));
      continue;
    }
    if (p.role === 'bullet') {
      out.push(para('bullet', bulleted(p.runs), null));
      continue;
    }
    const numbering = recogniseNumber(text);
    if (numbering?.kind === 'heading') {
      out.push({ kind: 'heading', level: numbering.level, text: numbering.rest.trim(), explicit: true });
      continue;
    }
    if (numbering?.kind === 'clause') {
      out.push(para('numbered', dropPrefix(p.runs, text.length - numbering.rest.length), numbering.number));
      continue;
    }
    if (BULLET.test(text)) {
      out.push(para('bullet', bulleted(dropPrefix(p.runs, BULLET.exec(text)![0].length)), null));
      continue;
    }
    if (isHeadingShaped(text)) {
      out.push({ kind: 'heading', level: null, text: text.trim(), explicit: false });
      continue;
    }
    out.push(para('body', p.runs, null));
  }
  // A heading-shaped line right after an unfinished paragraph is the end of that paragraph, not a heading.
  for (let k = 1; k < out.length; k++) {
    const prev = out[k - 1]!;
    const b = out[k]!;
    if (b.kind === 'heading' && b.level === null && prev.kind === 'para' && prev.unfinished) {
      out[k] = { kind: 'para', type: 'body', runs: [{ text: b.text, bold: false, italic: false }], number: null, unfinished: true };
    }
  }
  return out;
}

// Levels of headings plain text leaves open (level null): see buildImportedMemo.
function assignHeadingLevels(blocks: Block[]): void {
  const headings = blocks.map((b, index) => ({ b, index })).filter((h): h is { b: Extract<Block, { kind: 'heading' }>; index: number } => h.b.kind === 'heading');
  for (const h of headings) if (h.b.level === null && SUBSECTION.test(h.b.text)) h.b.level = 2;
  headings.forEach((h, k) => {
    if (h.b.level !== null) return;
    const next = headings[k + 1];
    const prev = headings[k - 1];
    const between = prev ? blocks.slice(prev.index + 1, h.index) : [];
    const prevHasLeadIn = between.some((b) => b.kind === 'para');
    const prevHasNumbered = between.some((b) => b.kind === 'para' && b.type === 'numbered');
    const subsectionFollows = next !== undefined && next.b.level === 2 && SUBSECTION.test(next.b.text);
    h.b.level = prev && prev.b.level === 1 && prevHasLeadIn && !prevHasNumbered && subsectionFollows ? 2 : 1;
  });
}

const runsText = (runs: readonly SourceRun[]): string => runs.map((r) => r.text).join('');

/** Removes the first `count` characters (a number or bullet prefix) from runs. */
function dropPrefix(runs: readonly SourceRun[], count: number): SourceRun[] {
  let left = count;
  const out: SourceRun[] = [];
  for (const r of runs) {
    if (left >= r.text.length) {
      left -= r.text.length;
      continue;
    }
    out.push({ ...r, text: r.text.slice(left) });
    left = 0;
  }
  if (out[0]) out[0] = { ...out[0], text: out[0].text.replace(/^\s+/, '') };
  return out.filter((r) => r.text !== '');
}

const bulleted = (runs: SourceRun[]): SourceRun[] => (/^•/.test(runsText(runs)) ? runs : [{ text: '• ', bold: false, italic: false }, ...runs]);

/**
 * The imported memo as a MemoSeed in one language (DU3: the server writes it).
 * Bold survives as the seed's `**…**`; the seed has no italic.
 */
export function importedMemoSeed(memo: ImportedMemo, language: string, title: string): MemoSeed {
  const lines = memo.titleLines.length > 0 ? memo.titleLines : [title];
  const sections: SectionSeed[] = [];
  for (const s of memo.sections) {
    const seed: SectionSeed = {
      title: { [language]: s.title },
      numbered: s.numbered,
      clauses: s.clauses.map((c) => ({ text: { [language]: c.paragraphs.map(seedMarkup).join('\n\n') } })),
      subsections: [],
    };
    if (s.level === 2 && sections.length > 0) sections[sections.length - 1]!.subsections!.push(seed);
    else sections.push(seed);
  }
  return { titleBlock: { [language]: lines.join('\n\n') }, sections };
}

/** Runs → the seed's inline markup (`**bold**`); characters the markup would misread are dropped. */
export function seedMarkup(runs: readonly SourceRun[]): string {
  return runs
    .map((r) => {
      const text = r.text.replace(/\*\*/g, '').replace(/\s*\n\s*/g, ' ');
      return r.bold && text.trim() !== '' ? `**${text}**` : text;
    })
    .join('')
    .trim();
}
