import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import type { MemoId } from '@accord/shared/ids';
import type { ClauseComparison, DiffSpan, RevisionComparison, SpanAuthor } from '@accord/shared/history/schema';
import { clauseMarker } from '@accord/shared/memo/numbering';
import type { MemoDetail } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { compareRevisions } from '../api/history';
import { languageName } from '../memo/languageName';
import { errorText } from '../i18n/errorText';
import { partyColor } from './partyColor';

/** Props of {@link ComparisonView}. */
export interface ComparisonViewProps {
  memoId: MemoId;
  detail: MemoDetail;
  from: number;
  to: number;
  canRestore: boolean;
  lockedNow: ReadonlySet<string>;
  onRestore: (clauseId: string, label: string, rev: number) => void;
}

/**
 * Compare mode: per clause and per language version, inserted and deleted
 * text highlighted in the colour of the party that wrote it; unchanged
 * clauses collapse into one line; a summary line on top.
 */
export function ComparisonView({ memoId, detail, from, to, canRestore, lockedNow, onRestore }: ComparisonViewProps): ReactNode {
  const { t } = useTranslation();
  const [result, setResult] = useState<{ key: string; cmp: RevisionComparison } | { key: string; error: unknown } | null>(null);
  const [showUnchanged, setShowUnchanged] = useState(false);
  const key = `${from}-${to}`;
  useEffect(() => {
    let cancelled = false;
    compareRevisions(memoId, from, to).then(
      (cmp) => !cancelled && setResult({ key, cmp }),
      (error: unknown) => !cancelled && setResult({ key, error }),
    );
    return () => {
      cancelled = true;
    };
  }, [memoId, from, to, key]);

  if (!result || result.key !== key) return <p className="page-status">{t('common.loading')}</p>;
  if ('error' in result) return <p className="callout callout--error">{t('history.loadFailed', { message: errorText(t, result.error) })}</p>;
  const { cmp } = result;
  const changed = cmp.clauses.filter((c) => c.change !== 'unchanged' || c.moved);
  const unchanged = cmp.clauses.filter((c) => c.change === 'unchanged' && !c.moved);
  const clauseLabel = (number: number | null, id: string): string => (number === null ? id : t('history.clauseLabel', { number }));
  const who = (author: SpanAuthor): string => author.userName ?? t('history.server');
  const colour = (author: SpanAuthor): CSSProperties => ({ ['--party-color' as string]: partyColor(detail.parties, author.partyId) });

  const span = (s: DiffSpan, i: number): ReactNode => {
    switch (s.op) {
      case 'equal':
        return <span key={i}>{s.text}</span>;
      case 'insert':
        return (
          <ins key={i} className="history-ins" data-party={s.author.partyId ?? ''} style={colour(s.author)} title={t('history.inserted', { name: who(s.author) })}>
            {s.text}
          </ins>
        );
      case 'delete':
        return (
          <del key={i} className="history-del" data-party={s.author.partyId ?? ''} style={colour(s.author)} title={t('history.deleted', { name: who(s.author) })}>
            {s.text}
          </del>
        );
      case 'format':
        return (
          <span key={i} className="history-format" data-party={s.author.partyId ?? ''} style={colour(s.author)} title={t('history.formatted', { name: who(s.author) })}>
            {s.to.includes('bold') ? <strong>{s.text}</strong> : s.to.includes('italic') ? <em>{s.text}</em> : s.text}
          </span>
        );
    }
  };

  const clause = (c: ClauseComparison): ReactNode => {
    const number = c.numberTo ?? c.numberFrom;
    const label = clauseLabel(number, c.id);
    const restorable = canRestore && c.change === 'changed' && !lockedNow.has(c.id);
    return (
      <article key={c.id} className={`history-clause history-clause--${c.change}`} data-clause-id={c.id} aria-label={label}>
        <header className="history-clause__head">
          <span className="history-clause__number">{label}</span>
          <span className="history-clause__id">{c.id}</span>
          <span className="history-badge">{t(`history.change.${c.change}`)}</span>
          {c.moved ? <span className="history-badge">{t('history.moved')}</span> : null}
          {c.statusFrom && c.statusTo && c.statusFrom !== c.statusTo ? (
            <span className="history-badge">{t('history.statusChange', { from: t(`agreement.status.${c.statusFrom}`), to: t(`agreement.status.${c.statusTo}`) })}</span>
          ) : null}
          <span className="history-clause__spacer" />
          {restorable ? (
            <button type="button" className="button button--small" onClick={() => onRestore(c.id, label, from)}>
              {t('history.restoreTo', { rev: from })}
            </button>
          ) : null}
        </header>
        <div className="history-clause__columns">
          {detail.languages.map((lang) => (
            <div key={lang} className={number !== null ? 'history-clause__cell history-marked' : 'history-clause__cell'} lang={lang} data-lang={lang}>
              {number !== null ? <span className="history-marker">{clauseMarker(number, lang)}</span> : null}
              <div className="history-diff">
                {c.languages[lang] ? c.languages[lang].map(span) : <span className="history-text--empty">{t('history.change.unchanged')}</span>}
              </div>
            </div>
          ))}
        </div>
      </article>
    );
  };

  return (
    <div className="history-memo">
      <p className="history-summary" role="status">
        <strong>{t('history.summary', { count: cmp.summary.changed, agreed: cmp.summary.newlyAgreed, reopened: cmp.summary.reopened })}</strong>
        {' · '}
        {t('history.summaryMore', { added: cmp.summary.added, deleted: cmp.summary.deleted, moved: cmp.summary.moved })}
      </p>
      <div className="history-memo__columns" aria-hidden="true">
        {detail.languages.map((lang) => (
          <span key={lang}>{languageName(lang)}</span>
        ))}
      </div>
      {changed.length === 0 ? <p className="empty">{t('history.noChanges')}</p> : changed.map(clause)}
      {unchanged.length > 0 ? (
        <div className="history-unchanged">
          <span>{t('history.unchangedCollapsed', { count: unchanged.length })}</span>{' '}
          <button type="button" className="link-button" aria-expanded={showUnchanged} onClick={() => setShowUnchanged((v) => !v)}>
            {showUnchanged ? t('history.hideUnchanged') : t('history.showUnchanged')}
          </button>
          {showUnchanged ? (
            <ul className="history-unchanged__list">
              {unchanged.map((c) => (
                <li key={c.id}>{clauseLabel(c.numberTo, c.id)} ({c.id})</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
