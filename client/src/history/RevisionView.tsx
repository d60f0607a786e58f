import { useEffect, useState, type ReactNode } from 'react';
import type { MemoId } from '@accord/shared/ids';
import type { RevisionClause, RevisionDetail, RevisionSection } from '@accord/shared/history/schema';
import { clauseMarker, numberingStyleFor, sectionMarker } from '@accord/shared/memo/numbering';
import type { MemoDetail } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { fetchRevision } from '../api/history';
import { languageName } from '../memo/languageName';
import { errorText } from '../i18n/errorText';
import { HistoryTextView } from './HistoryTextView';

/** Props of {@link RevisionView}. */
export interface RevisionViewProps {
  memoId: MemoId;
  detail: MemoDetail;
  rev: number;
  /** Whether the reader may restore (everyone but observers). */
  canRestore: boolean;
  /** Clauses locked now: agreed text is never restored over (HI2). */
  lockedNow: ReadonlySet<string>;
  isLatest: boolean;
  onRestore: (clauseId: string, label: string) => void;
  onClauseHistory: (clauseId: string, label: string) => void;
}

/** The memo rendered read-only as it was at one revision. */
export function RevisionView({ memoId, detail, rev, canRestore, lockedNow, isLatest, onRestore, onClauseHistory }: RevisionViewProps): ReactNode {
  const { t } = useTranslation();
  const [state, setState] = useState<{ rev: number; detail: RevisionDetail } | { rev: number; error: unknown } | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetchRevision(memoId, rev).then(
      (d) => !cancelled && setState({ rev, detail: d }),
      (error: unknown) => !cancelled && setState({ rev, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [memoId, rev]);

  if (!state || state.rev !== rev) return <p className="page-status">{t('common.loading')}</p>;
  if ('error' in state) return <p className="callout callout--error">{t('history.loadFailed', { message: errorText(t, state.error) })}</p>;
  const past = state.detail;

  const clause = (c: RevisionClause): ReactNode => {
    const label = c.number === null ? c.id : t('history.clauseLabel', { number: c.number });
    const locked = lockedNow.has(c.id);
    return (
      <article key={c.id} className="history-clause" data-clause-id={c.id} aria-label={label}>
        <header className="history-clause__head">
          <span className="history-clause__number">{label}</span>
          <span className="history-clause__id">{c.id}</span>
          <span className={`status-pill status-pill--${c.status}`}>{t(`agreement.status.${c.status}`)}</span>
          <span className="history-clause__spacer" />
          <button type="button" className="button button--quiet button--small" onClick={() => onClauseHistory(c.id, label)}>
            {t('history.clauseHistory')}
          </button>
          {canRestore && !isLatest ? (
            <button
              type="button"
              className="button button--small"
              disabled={locked}
              title={locked ? t('history.lockedHint') : undefined}
              onClick={() => onRestore(c.id, label)}
            >
              {t('history.restore')}
            </button>
          ) : null}
        </header>
        <div className="history-clause__columns">
          {detail.languages.map((lang) => (
            <div key={lang} className="history-clause__cell">
              <HistoryTextView
                text={c.text[lang] ?? []}
                lang={lang}
                emptyLabel={t('history.empty')}
                marker={c.number !== null ? clauseMarker(c.number, lang) : undefined}
              />
            </div>
          ))}
        </div>
      </article>
    );
  };
  const section = (s: RevisionSection): ReactNode => (
    <section key={s.id} className={`history-section history-section--level${s.level}`}>
      <div className="history-section__titles">
        {detail.languages.map((lang) => (
          <h3 key={lang} lang={lang}>
            {headingText(s, lang)}
          </h3>
        ))}
      </div>
      {s.clauses.map(clause)}
      {s.subsections.map(section)}
    </section>
  );
  return (
    <div className="history-memo" aria-readonly="true">
      <div className="history-memo__columns" aria-hidden="true">
        {detail.languages.map((lang) => (
          <span key={lang}>{languageName(lang)}</span>
        ))}
      </div>
      <div className="history-memo__title">
        {detail.languages.map((lang) => (
          <h2 key={lang} lang={lang}>
            {(past.title[lang] ?? '').split('\n')[0]}
          </h2>
        ))}
      </div>
      {past.sections.map(section)}
    </div>
  );
}

/** A section heading as its language version writes it: number in that language's style (一、 / I.), then the title. */
function headingText(s: RevisionSection, lang: string): string {
  const title = s.title[lang] ?? '';
  if (s.number === null) return title;
  const marker = sectionMarker(s.number, s.level, lang);
  // Chinese numbering ends in 、 or ）: no space before the title; Latin I. / (a) take one.
  return numberingStyleFor(lang) === 'zh' ? `${marker}${title}` : `${marker} ${title}`;
}
