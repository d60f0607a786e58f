import { useDeferredValue, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { ClauseStatus } from '@accord/shared/memo/agreement';
import { buildStructure, LEADING_GROUP_ID, type SectionNode } from '@accord/shared/memo/structure';
import { useTranslation } from 'react-i18next';
import { useMemoContext } from '../memo/MemoContext';
import { useOutline } from '../memo/useOutline';
import type { OutlineEntry } from '@accord/shared/memo/ydocLayout';
import { headingLanguage, sectionHeading } from './clauseRef';

const NO_OUTLINE: readonly OutlineEntry[] = [];

/** The order counts are shown in: settled first, untouched last. */
const ORDER: readonly ClauseStatus[] = ['agreed', 'signed_by_some', 'contested', 'draft'];

type Counts = Record<ClauseStatus, number>;

interface SectionRow {
  id: string;
  level: 1 | 2;
  title: string | null;
  counts: Counts;
}

/** Props of {@link AgreementStatusBar}. */
export interface AgreementStatusBarProps {
  onlyContested: boolean;
  onOnlyContestedChange: (value: boolean) => void;
}

/**
 * Where the memo stands: how many clauses are agreed, signed by some,
 * contested and still open, for the whole memo and per section, and the
 * "only contested clauses" filter for working through what is left. It
 * listens to the store's summary signal (at most once per frame, only when
 * some clause's status or a heading changed) and to the outline.
 */
export function AgreementStatusBar({ onlyContested, onOnlyContestedChange }: AgreementStatusBarProps): ReactNode {
  const { t, i18n } = useTranslation();
  const { doc, agreement, languages } = useMemoContext();
  // Counting a big memo's clauses takes a while: done in a low-priority render after the memo is shown.
  const outline = useDeferredValue(useOutline(doc), NO_OUTLINE);
  const version = useSyncExternalStore(agreement.subscribeSummary, agreement.getSummaryVersion);
  const lang = headingLanguage(languages, i18n.language);

  const { rows, total } = useMemo(() => {
    const rows: SectionRow[] = [];
    const total = emptyCounts();
    const visit = (node: SectionNode): void => {
      const counts = emptyCounts();
      for (const clause of node.clauses) counts[agreement.getClause(clause.id).status]++;
      for (const status of ORDER) total[status] += counts[status];
      rows.push({ id: node.id, level: node.level, title: sectionHeading(doc, node.id, lang), counts });
      node.subsections.forEach(visit);
    };
    buildStructure(outline).forEach(visit);
    return { rows, total };
    // `version` is a dependency on purpose: it changes whenever a status or a heading did.
  }, [outline, version, agreement, doc, lang]);

  const sectionTitle = (row: SectionRow): string =>
    row.id === LEADING_GROUP_ID ? t('agreement.summary.leading') : (row.title ?? t('agreement.summary.untitled'));

  return (
    <section className="status-bar" aria-label={t('agreement.summary.label')}>
      <div className="status-bar__row">
        <ul className="status-counts" aria-label={t('agreement.summary.whole')}>
          {ORDER.map((status) => (
            <li key={status} className={`status-count status-count--${status}`} data-status={status} data-count={total[status]}>
              <span className="status-count__n">{total[status]}</span> {t(`agreement.summary.counts.${status}`)}
            </li>
          ))}
        </ul>
        <label className="status-bar__filter">
          <input type="checkbox" checked={onlyContested} onChange={(event) => onOnlyContestedChange(event.target.checked)} />
          {t('agreement.summary.onlyContested')}
        </label>
      </div>
      {onlyContested && total.contested === 0 ? (
        <p className="status-bar__note" role="status">
          {t('agreement.summary.noneContested')}
        </p>
      ) : null}
      <details className="status-bar__sections">
        <summary>{t('agreement.summary.bySection')}</summary>
        <table className="status-table">
          <thead>
            <tr>
              <th scope="col">{t('agreement.summary.section')}</th>
              {ORDER.map((status) => (
                <th key={status} scope="col">
                  {t(`agreement.summary.counts.${status}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-section-id={row.id} className={row.level === 2 ? 'status-table__sub' : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => scrollToSection(row.id)}>
                    {sectionTitle(row)}
                  </button>
                </th>
                {ORDER.map((status) => (
                  <td key={status} data-status={status} className={row.counts[status] === 0 ? 'status-table__zero' : undefined}>
                    {row.counts[status]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function emptyCounts(): Counts {
  return { agreed: 0, signed_by_some: 0, contested: 0, draft: 0 };
}

/** Frames the jump's position must hold before it stops re-aiming. */
const STEADY_FRAMES = 12;
/** The longest a jump keeps re-aiming (in frames, about two seconds). */
const MAX_FRAMES = 120;
/** What the reader does that ends a jump's re-aiming: the page is theirs again. */
const READER_INPUT = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;

/**
 * Brings a section's heading to the top. In a big memo the sections around
 * the target are rendered whole or as placeholders as they come near, in
 * batches over several frames, which changes their heights: a single jump
 * (or a smooth scroll aimed at the first position) could stop a section
 * short. Jump at once, then again each frame until the position has held
 * for a dozen frames (at most about two seconds), unless the reader scrolls,
 * types or clicks meanwhile.
 */
function scrollToSection(sectionId: string): void {
  const selector = `[data-section-block="${CSS.escape(sectionId)}"]`;
  let frames = 0;
  let steady = 0;
  let last = Number.NaN;
  let readerMoved = false;
  const onReaderInput = (): void => {
    readerMoved = true;
  };
  for (const type of READER_INPUT) window.addEventListener(type, onReaderInput, { capture: true, passive: true });
  const stop = (): void => {
    for (const type of READER_INPUT) window.removeEventListener(type, onReaderInput, { capture: true });
  };
  const step = (): void => {
    const block = document.querySelector(selector);
    if (!block || readerMoved) return stop();
    block.scrollIntoView({ block: 'start' });
    steady = window.scrollY === last ? steady + 1 : 0;
    last = window.scrollY;
    if (steady >= STEADY_FRAMES || ++frames > MAX_FRAMES) return stop();
    requestAnimationFrame(step);
  };
  step();
}
