import { startTransition, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { buildStructure, type SectionNode } from '@accord/shared/memo/structure';
import { sectionRoot } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { useMemoContext } from './MemoContext';
import { addSection } from './outlineOps';
import { SectionBlock, sectionSignature } from './SectionBlock';
import { useOutline } from './useOutline';

/** From this many clauses on, a memo's clause rows are rendered whole only near the viewport (see SectionBlock). */
const WINDOW_FROM_CLAUSES = 80;
/** Clauses rendered by a memo's first pass (a screenful and more), and added by each later pass. */
const FIRST_PASS_CLAUSES = 40;
const PASS_CLAUSES = 150;
/** Clauses whose sections start whole when a big memo opens: about a screenful (see RowWindow.startWhole). */
const OPENING_CLAUSES = 8;

/**
 * The memo's sections and clauses, derived from the `outline` root. This is
 * the page's one subscription to structure; numbering comes from
 * `buildStructure` (never stored), so a move renumbers everything
 * consistently on every client.
 *
 * A big memo is rendered in passes: the first sections (about
 * {@link FIRST_PASS_CLAUSES} clauses) at once, so the top of the memo shows
 * and becomes editable without waiting for the rest, then the following
 * sections a pass at a time as low-priority renders between frames, until
 * the whole memo is there. A memo reopened in the same page (its rows were
 * already shown) is rendered whole at once, so its scroll position can be
 * restored. A memo of {@link WINDOW_FROM_CLAUSES} clauses or more is
 * `windowed`: only the sections near the viewport have whole rows.
 */
export function MemoBody(): ReactNode {
  const { t } = useTranslation();
  const { doc, canStructure, visibleLanguages, focus, rows } = useMemoContext();
  const outline = useOutline(doc);
  const sections = useMemo(() => buildStructure(outline), [outline]);
  const [budget, setBudget] = useState(() => (rows.hasWholeRows() ? Infinity : FIRST_PASS_CLAUSES));
  const shown = useMemo(() => firstSections(sections, budget), [sections, budget]);
  const complete = shown.length === sections.length;
  const windowed = useMemo(() => sections.reduce((sum, node) => sum + clauseCount(node), 0) >= WINDOW_FROM_CLAUSES, [sections]);
  // Decided once, at the first render with the memo's structure, before any section block mounts:
  // a big memo opening (not reopening) in this page has its first screen's sections start whole.
  const opened = useRef(false);
  if (!opened.current && sections.length > 0) {
    opened.current = true;
    if (windowed && !rows.hasWholeRows()) rows.startWhole(leadingSectionIds(sections, OPENING_CLAUSES));
  }

  useEffect(() => {
    if (complete) {
      // From now on structure changes render in full (a new section at the end shows at once).
      if (budget !== Infinity) setBudget(Infinity);
      return;
    }
    const timer = window.setTimeout(() => startTransition(() => setBudget((n) => n + PASS_CLAUSES)), 0);
    return () => window.clearTimeout(timer);
  }, [complete, budget]);

  return (
    <div className="memo-body" aria-busy={!complete}>
      {sections.length === 0 ? <p className="memo-section__empty">{t('memo.emptyMemo')}</p> : null}
      {shown.map((node) => (
        <SectionBlock key={node.id} node={node} outlineLength={outline.length} signature={sectionSignature(node, outline.length)} windowed={windowed} />
      ))}
      {canStructure && complete ? (
        <div className="memo-body__end">
          <button
            type="button"
            className="button"
            onClick={() => {
              const id = addSection(doc, null);
              if (id && visibleLanguages[0]) focus.request(sectionRoot(id, visibleLanguages[0]));
            }}
          >
            <span aria-hidden="true">+ </span>
            {t('structure.addSection')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The ids of the sections (and sub-sections), in reading order, up to the one holding the `count`th clause. */
function leadingSectionIds(sections: SectionNode[], count: number): string[] {
  const ids: string[] = [];
  let clauses = 0;
  const visit = (node: SectionNode): void => {
    if (clauses >= count) return;
    ids.push(node.id);
    clauses += node.clauses.length;
    node.subsections.forEach(visit);
  };
  sections.forEach(visit);
  return ids;
}

/** The leading sections holding up to `budget` clauses (at least one section). */
function firstSections(sections: SectionNode[], budget: number): SectionNode[] {
  if (budget === Infinity) return sections;
  let clauses = 0;
  let count = 0;
  while (count < sections.length && (count === 0 || clauses < budget)) {
    clauses += clauseCount(sections[count]!);
    count++;
  }
  return count === sections.length ? sections : sections.slice(0, count);
}

function clauseCount(node: SectionNode): number {
  return node.clauses.length + node.subsections.reduce((sum, sub) => sum + clauseCount(sub), 0);
}
