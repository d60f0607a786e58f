import { memo, startTransition, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type * as Y from 'yjs';
import type { LanguageCode } from '@accord/shared/ids';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { LEADING_GROUP_ID, type SectionNode } from '@accord/shared/memo/structure';
import { clauseRoot } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { ClauseRow } from './ClauseRow';
import { useMemoContext } from './MemoContext';
import type { RowWindow } from './RowWindow';
import { SectionHeading } from './SectionHeading';

/** Props of {@link SectionBlock}. */
export interface SectionBlockProps {
  node: SectionNode;
  /** Number of entries in the outline (the last entry cannot move down). */
  outlineLength: number;
  /** Changes exactly when anything this block renders changes; the memo comparison uses only this and `windowed`. */
  signature: string;
  /** The memo is big: render this section's clause rows whole only while the section is near the viewport. */
  windowed: boolean;
}

/**
 * A section (or sub-section) with its heading, clauses and sub-sections.
 * The outline is rebuilt on every structure change, so nodes are new objects
 * each time; the block compares a signature instead and re-renders only the
 * sections whose clauses, numbers or movability actually changed.
 *
 * In a big memo (`windowed`) the section is the unit of the row window: its
 * clause rows are whole (editors, controls, agreement line) only while the
 * section is near the viewport (the memo's {@link RowWindow} watches the
 * section element: a few dozen targets instead of a thousand rows), and
 * placeholders otherwise, inside a block the browser skips while off screen
 * (`content-visibility: auto`) at the height the rows had or are estimated
 * to have. A section holding focus stays whole. A section coming near makes
 * {@link FIRST_WHOLE_ROWS} rows whole in that frame (from the end nearer the
 * viewport) and the rest in a low-priority render right after, so scrolling
 * into a section of twenty clauses does not stall a frame.
 */
export const SectionBlock = memo(
  function SectionBlock({ node, outlineLength, windowed }: SectionBlockProps): ReactNode {
    const { t } = useTranslation();
    const { doc, languages, rows } = useMemoContext();
    const isLeading = node.id === LEADING_GROUP_ID;
    const element = useRef<HTMLElement>(null);
    const rowsElement = useRef<HTMLDivElement>(null);
    // One of the sections that open the memo: whole from the start, a screenful of rows first (RowWindow.startWhole).
    const [opening] = useState(() => windowed && !rows.isWhole(node.id) && rows.takeOpening(node.id));
    const [near, setNear] = useState(() => opening || rows.isWhole(node.id));
    const isNear = useRef(near);
    isNear.current = near;
    // How many of its rows a near section shows whole so far, counted from the end nearer the viewport.
    const [reveal, setReveal] = useState<Reveal>(() => ({ count: opening ? FIRST_WHOLE_ROWS : Infinity, fromEnd: false }));
    const whole = !windowed || near;
    const clauseCount = node.clauses.length;

    useEffect(() => (windowed && near ? rows.holdWhole(node.id) : undefined), [windowed, near, rows, node.id]);

    // A section coming near shows a screenful of whole rows in the frame it arrives, the rest in a low-priority render.
    useEffect(() => {
      if (!near || reveal.count >= clauseCount) return;
      const timer = window.setTimeout(() => startTransition(() => setReveal({ count: Infinity, fromEnd: reveal.fromEnd })), 0);
      return () => window.clearTimeout(timer);
    }, [near, reveal, clauseCount]);

    useEffect(() => {
      const target = element.current;
      if (!windowed || !target) return;
      return rows.watch(target, {
        // Within the window's frame budget, rather than in a later batched render.
        onNear: () => {
          // Already whole (it opened the memo): nothing to reveal again.
          if (isNear.current) return;
          flushSync(() => {
            // Entered from below (its top is above the viewport): its last rows are the ones on screen.
            setReveal({ count: FIRST_WHOLE_ROWS, fromEnd: target.getBoundingClientRect().top < 0 });
            setNear(true);
          });
        },
        onFar: () => {
          if (target.contains(document.activeElement)) return;
          const height = rowsElement.current?.getBoundingClientRect().height ?? 0;
          if (!rowsElement.current?.classList.contains('memo-section__rows--far')) rows.rememberHeight(node.id, height);
          setNear(false);
        },
      });
    }, [windowed, rows, node.id]);

    const clauseIds = node.clauses.map((c) => c.id).join(',');
    const estimate = useMemo(() => (whole ? 0 : rowsHeight(rows, doc, node.id, clauseIds, languages)), [whole, rows, doc, node.id, clauseIds, languages]);

    return (
      <section ref={element} className={node.level === 2 ? 'memo-section memo-section--sub' : 'memo-section'} data-section-block={node.id}>
        {isLeading ? null : <SectionHeading sectionId={node.id} level={node.level} number={node.number} heldClauseIds={heldClauseIds(node)} />}
        <div
          ref={rowsElement}
          className={whole ? 'memo-section__rows' : 'memo-section__rows memo-section__rows--far'}
          style={whole ? undefined : { containIntrinsicSize: `auto ${estimate}px` }}
        >
          {node.clauses.map((clause, index) => (
            <ClauseRow
              key={clause.id}
              clauseId={clause.id}
              number={clause.number}
              canMoveUp={clause.index > 0}
              canMoveDown={clause.index < outlineLength - 1}
              whole={whole && revealed(reveal, index, clauseCount)}
            />
          ))}
        </div>
        {!isLeading && node.clauses.length === 0 && node.subsections.length === 0 ? (
          <p className="memo-section__empty">{t('memo.emptySection')}</p>
        ) : null}
        {node.subsections.map((sub) => (
          <SectionBlock key={sub.id} node={sub} outlineLength={outlineLength} signature={sectionSignature(sub, outlineLength)} windowed={windowed} />
        ))}
      </section>
    );
  },
  (prev, next) => prev.signature === next.signature && prev.windowed === next.windowed,
);

/** Rows a section coming near renders whole at once; about a screenful. */
const FIRST_WHOLE_ROWS = 8;

interface Reveal {
  count: number;
  fromEnd: boolean;
}

function revealed({ count, fromEnd }: Reveal, index: number, total: number): boolean {
  return count >= total || (fromEnd ? index >= total - count : index < count);
}

/** The height to reserve for a far section's rows: as they were when last whole, else estimated from their texts. */
function rowsHeight(rows: RowWindow, doc: Y.Doc, sectionId: string, clauseIds: string, languages: readonly LanguageCode[]): number {
  const known = rows.knownHeight(sectionId);
  if (known !== undefined) return known;
  let sum = 0;
  for (const id of clauseIds === '' ? [] : clauseIds.split(',')) {
    sum += rows.estimateHeight(languages.map((lang) => fragmentToPlainText(doc.getXmlFragment(clauseRoot(id, lang)))));
  }
  return sum;
}

/** The clauses a section holds, its sub-sections' included, comma-separated (deleting its heading moves them all). */
function heldClauseIds(node: SectionNode): string {
  const ids: string[] = [];
  const visit = (n: SectionNode): void => {
    n.clauses.forEach((c) => ids.push(c.id));
    n.subsections.forEach(visit);
  };
  visit(node);
  return ids.join(',');
}

/** A string that changes exactly when a section's rendering would (ids, levels, numbers, movability). */
export function sectionSignature(node: SectionNode, outlineLength: number): string {
  const clauses = node.clauses
    .map((c) => `${c.id}:${c.number ?? '-'}:${c.index > 0 ? 1 : 0}${c.index < outlineLength - 1 ? 1 : 0}`)
    .join(',');
  const subs = node.subsections.map((s) => sectionSignature(s, outlineLength)).join(';');
  return `${node.id}/${node.level}/${node.numbered ? 1 : 0}/${node.number ?? '-'}[${clauses}]{${subs}}`;
}
