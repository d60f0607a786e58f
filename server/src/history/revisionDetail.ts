import * as Y from 'yjs';
import type { RevisionClause, RevisionDetail, RevisionSection, HistoryText, HistoryRun } from '@accord/shared/history/schema';
import { buildStructure, type SectionNode } from '@accord/shared/memo/structure';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { getClauseText, getSectionTitle, getTitle, readOutline } from '@accord/shared/memo/ydocLayout';
import type { MemoRecord } from '../storage/Storage';
import { clauseView } from '../signoff/clauseView';

/**
 * The memo as it was at a revision, read from a rebuilt Y.Doc: structure,
 * headings, and each clause's state and rich text per language — everything
 * the read-only history view renders.
 */
export function revisionDetail(memo: MemoRecord, rev: number, doc: Y.Doc): RevisionDetail {
  const languages = memo.languages;
  const toSection = (node: SectionNode): RevisionSection => ({
    id: node.id,
    level: node.level,
    numbered: node.numbered,
    number: node.number,
    title: Object.fromEntries(languages.map((l) => [l, fragmentToPlainText(getSectionTitle(doc, node.id, l))])),
    clauses: node.clauses.map(
      (c): RevisionClause => ({
        ...clauseView(doc, memo, c.id, c.number),
        text: Object.fromEntries(languages.map((l) => [l, historyText(getClauseText(doc, c.id, l))])),
      }),
    ),
    subsections: node.subsections.map(toSection),
  });
  return {
    rev,
    title: Object.fromEntries(languages.map((l) => [l, fragmentToPlainText(getTitle(doc, l))])),
    sections: buildStructure(readOutline(doc)).map(toSection),
  };
}

/** A fragment as paragraphs of runs (marks with y-prosemirror's `--suffix` removed). */
export function historyText(fragment: Y.XmlFragment): HistoryText {
  const paragraphs: HistoryText = [];
  for (const child of fragment.toArray()) {
    const runs: HistoryRun[] = [];
    const texts = child instanceof Y.XmlElement ? child.toArray() : [child];
    for (const t of texts) {
      if (!(t instanceof Y.XmlText)) continue;
      for (const op of t.toDelta() as Array<{ insert: unknown; attributes?: Record<string, Record<string, unknown>> }>) {
        if (typeof op.insert !== 'string') continue;
        const marks = Object.fromEntries(Object.entries(op.attributes ?? {}).map(([k, v]) => [k.replace(/--[^-]*$/, ''), v ?? {}]));
        runs.push({ text: op.insert, marks });
      }
    }
    paragraphs.push(runs);
  }
  return paragraphs;
}
