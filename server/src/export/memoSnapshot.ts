import type * as Y from 'yjs';
import type { ClauseId, LanguageCode, SectionId } from '@accord/shared/ids';
import { BRACKET_MARK, deriveStatus, hasOpenBracket, readAgreement, type BracketAttrs, type ClauseStatus } from '@accord/shared/memo/agreement';
import { canonicalFragment, type CanonicalNode } from '@accord/shared/memo/canonical';
import { clauseHash } from '@accord/shared/memo/hash';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import type { Party } from '@accord/shared/memo/schema';
import { buildStructure, LEADING_GROUP_ID, type SectionNode } from '@accord/shared/memo/structure';
import { getClauseText, getSectionTitle, getTitle, readOutline } from '@accord/shared/memo/ydocLayout';
import type { RecordMemo } from './buildRecordOfAgreement';

/**
 * A memo as plain data, independent of any output format: the title block,
 * the sections with their numbering, and every clause's rich text per language
 * with its bracket spans (party + reason). Every exporter (Markdown, DOCX, the
 * print view) renders this one model, so the formats cannot disagree about
 * structure, numbering or what is contested.
 */
export interface MemoSnapshot {
  title: string;
  languages: LanguageCode[];
  parties: Party[];
  /** Title block lines (title, subtitle, date, place) per language. */
  titleBlock: Record<string, string[]>;
  sections: SnapshotSection[];
  /** Clauses whose status is `contested` (open bracket or contest flag). */
  contestedCount: number;
}

export interface SnapshotSection {
  id: SectionId;
  level: 1 | 2;
  numbered: boolean;
  /** Number among its numbered siblings (buildStructure); null when unnumbered or untitled. Written per language by exportNumbering. */
  number: number | null;
  /** Plain-text heading per language. */
  title: Record<string, string>;
  clauses: SnapshotClause[];
  subsections: SnapshotSection[];
}

export interface SnapshotClause {
  id: ClauseId;
  number: number | null;
  status: ClauseStatus;
  hash: string;
  /** Parties contesting the whole clause (not a span), with reasons. */
  contests: Array<{ partyId: string; reason: string }>;
  /** Paragraphs of rich-text runs per language. */
  text: Record<string, SnapshotRun[][]>;
}

/** A run of text with its formatting; `brackets` lists every party contesting it (spans may overlap). */
export interface SnapshotRun {
  text: string;
  bold: boolean;
  italic: boolean;
  brackets: BracketAttrs[];
}

/** Reads a memo's document into a snapshot. Pure: the same document gives the same snapshot. */
export function buildMemoSnapshot(doc: Y.Doc, memo: RecordMemo): MemoSnapshot {
  const languages = memo.languages;
  let contestedCount = 0;
  const toSection = (node: SectionNode): SnapshotSection => ({
    id: node.id,
    level: node.level,
    numbered: node.numbered,
    number: node.number,
    title: Object.fromEntries(
      languages.map((l) => [l, node.id === LEADING_GROUP_ID ? '' : fragmentToPlainText(getSectionTitle(doc, node.id, l)).replace(/\n+/g, ' ').trim()]),
    ),
    clauses: node.clauses.map((c) => {
      const hash = clauseHash(doc, c.id, languages);
      const agreement = readAgreement(doc, c.id);
      const status = deriveStatus(agreement, hash, hasOpenBracket(doc, c.id, languages));
      if (status === 'contested') contestedCount += 1;
      return {
        id: c.id,
        number: c.number,
        status,
        hash,
        contests: Object.entries(agreement.contests).map(([partyId, flag]) => ({ partyId, reason: flag.reason })),
        text: Object.fromEntries(languages.map((l) => [l, paragraphsOf(canonicalFragment(getClauseText(doc, c.id, l)))])),
      };
    }),
    subsections: node.subsections.map(toSection),
  });
  const sections = buildStructure(readOutline(doc)).map(toSection);
  const titleBlock = Object.fromEntries(
    languages.map((l) => [l, fragmentToPlainText(getTitle(doc, l)).split('\n').map((s) => s.trim()).filter(Boolean)]),
  );
  return {
    title: titleBlock[languages[0]!]?.[0] ?? memo.title,
    languages,
    parties: memo.parties,
    titleBlock,
    sections,
    contestedCount,
  };
}

function paragraphsOf(nodes: CanonicalNode[]): SnapshotRun[][] {
  const paragraphs: SnapshotRun[][] = [];
  for (const node of nodes) {
    if ('t' in node) {
      // Text directly in the fragment (not written by the editor): a paragraph of its own.
      paragraphs.push([toRun(node)]);
      continue;
    }
    paragraphs.push(node.c.flatMap((child) => ('t' in child ? [toRun(child)] : [])));
  }
  return paragraphs;
}

function toRun(node: { t: string; m: Array<[string, unknown]> }): SnapshotRun {
  const names = node.m.map(([name]) => name);
  const brackets = node.m
    .filter(([name]) => name === BRACKET_MARK)
    .map(([, attrs]) => {
      const a = (attrs ?? {}) as { party?: unknown; reason?: unknown };
      return { party: typeof a.party === 'string' ? a.party : '', reason: typeof a.reason === 'string' ? a.reason : '' };
    });
  return { text: node.t, bold: names.includes('bold'), italic: names.includes('italic'), brackets };
}

/** Every clause of a snapshot in reading order, with its section. */
export function snapshotClauses(snapshot: MemoSnapshot): Array<{ section: SnapshotSection; clause: SnapshotClause }> {
  const out: Array<{ section: SnapshotSection; clause: SnapshotClause }> = [];
  const visit = (section: SnapshotSection): void => {
    for (const clause of section.clauses) out.push({ section, clause });
    section.subsections.forEach(visit);
  };
  snapshot.sections.forEach(visit);
  return out;
}

/** Plain text of a paragraph's runs (brackets not shown). */
export const runsText = (runs: readonly SnapshotRun[]): string => runs.map((r) => r.text).join('');
