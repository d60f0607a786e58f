import { useEffect, useState, type ReactNode } from 'react';
import type { MemoId } from '@accord/shared/ids';
import type { ClauseHistory, RevisionClause, RevisionSection } from '@accord/shared/history/schema';
import type { Party } from '@accord/shared/memo/schema';
import { fetchClauseHistory, fetchRevision } from '../api/history';
import { givenNames } from './givenNames';
import { HistoryTextView } from './HistoryTextView';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { errorText } from '../i18n/errorText';
import { useDateFormat } from '../i18n/format';
import { en } from '../i18n/locales/en';
import { partyName } from '../memo/partyName';
import { partyColor } from './partyColor';

/** Props of {@link ClauseHistoryPanel}. */
export interface ClauseHistoryPanelProps {
  memoId: MemoId;
  clauseId: string;
  label: string;
  parties: readonly Party[];
  languages: readonly string[];
  onShow: (rev: number) => void;
  onClose: () => void;
}

/**
 * One clause on one timeline: the revisions that changed its text or its
 * agreement state, and its status events (brackets, sign-offs, contests, lock, reopen)
 * from the audit log, newest first.
 */
export function ClauseHistoryPanel({ memoId, clauseId, label, parties, languages, onShow, onClose }: ClauseHistoryPanelProps): ReactNode {
  const { t, i18n } = useTranslation();
  const { dateTime } = useDateFormat();
  // The clause's text at revisions the reader opens, fetched on demand (the server caches recent rebuilds).
  const [texts, setTexts] = useState<Record<number, RevisionClause | null | 'loading'>>({});
  const toggleText = (rev: number): void => {
    if (texts[rev] !== undefined) {
      setTexts(({ [rev]: _omit, ...rest }) => rest);
      return;
    }
    setTexts((m) => ({ ...m, [rev]: 'loading' }));
    fetchRevision(memoId, rev).then(
      (detail) => setTexts((m) => ({ ...m, [rev]: findClause(detail.sections, clauseId) })),
      () => setTexts((m) => ({ ...m, [rev]: null })),
    );
  };
  const [history, setHistory] = useState<ClauseHistory | { error: unknown } | null>(null);
  useEffect(() => {
    let cancelled = false;
    setHistory(null);
    fetchClauseHistory(memoId, clauseId).then(
      (h) => !cancelled && setHistory(h),
      (error: unknown) => !cancelled && setHistory({ error }),
    );
    return () => {
      cancelled = true;
    };
  }, [memoId, clauseId]);

  const partyOf = (partyId: string): string => {
    const party = parties.find((p) => p.id === partyId);
    return party ? partyName(party, i18n.language) : partyId;
  };

  type Row = { at: string; key: string; node: ReactNode };
  const rows: Row[] = [];
  if (history && !('error' in history)) {
    // SO3 on the timeline: a text change after a sign-off (and before a lock or withdrawal) makes that sign-off stale.
    const staleAt = new Set<number>();
    const moments = [
      ...history.events.map((e) => ({ at: e.at, event: e.type, rev: 0 })),
      ...history.revisions.filter((r) => r.clauses.includes(clauseId as never)).map((r) => ({ at: r.at, event: 'text', rev: r.rev })),
    ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    let signed = false;
    for (const m of moments) {
      if (m.event === 'signoff') signed = true;
      else if (m.event === 'lock' || m.event === 'reopen' || m.event === 'withdraw') signed = false;
      else if (m.event === 'text' && signed) {
        staleAt.add(m.rev);
        signed = false;
      }
    }
    for (const r of history.revisions) {
      rows.push({
        at: r.at,
        key: `r${r.rev}`,
        node: (
          <>
            <span className="history-entry__dot" style={{ background: partyColor(parties, r.partyId) }} aria-hidden="true" />
            <span>
              {dateTime(r.at, 'second')} · {r.userName ?? t('history.server')} · {t(`history.kinds.${r.kind}`)}
              {givenNames(r.labels).map((l) => ` · ${l.name}`).join('')}
              {staleAt.has(r.rev) ? <strong className="history-stale"> · {t('history.madeStale')}</strong> : null}
            </span>
            <button type="button" className="link-button" aria-expanded={texts[r.rev] !== undefined} onClick={() => toggleText(r.rev)}>
              {t('history.clauseText')}
            </button>
            <button type="button" className="link-button" onClick={() => onShow(r.rev)}>
              {t('history.showRevision', { rev: r.rev })}
            </button>
            {texts[r.rev] === 'loading' ? <span className="page-status">{t('common.loading')}</span> : null}
            {texts[r.rev] === null ? <span className="history-text--empty">{t('history.clauseAbsent')}</span> : null}
            {texts[r.rev] && texts[r.rev] !== 'loading' ? (
              <div className="history-clause-panel__text">
                {languages.map((lang) => (
                  <HistoryTextView key={lang} text={(texts[r.rev] as RevisionClause).text[lang] ?? []} lang={lang} emptyLabel={t('history.empty')} />
                ))}
              </div>
            ) : null}
          </>
        ),
      });
    }
    for (const e of history.events) {
      rows.push({
        at: e.at,
        key: `e${e.seq}`,
        node: (
          <>
            <span className="history-entry__dot history-entry__dot--event" style={{ background: partyColor(parties, e.partyId) }} aria-hidden="true" />
            <span>
              {dateTime(e.at, 'second')} · <strong>{eventTypeText(t, e.type)}</strong>
              {e.partyId ? ` · ${partyOf(e.partyId)}` : ''}
              {typeof e.data.reason === 'string' ? ` — ${e.data.reason}` : ''}
            </span>
          </>
        ),
      });
    }
  }
  rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  return (
    <aside className="history-clause-panel" aria-label={t('history.clauseHistoryTitle', { clause: label })}>
      <header className="history-clause-panel__head">
        <h2>{t('history.clauseHistoryTitle', { clause: label })}</h2>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          {t('common.close')}
        </button>
      </header>
      {history === null ? <p className="page-status">{t('common.loading')}</p> : null}
      {history && 'error' in history ? <p className="callout callout--error">{t('history.loadFailed', { message: errorText(t, history.error) })}</p> : null}
      {history && !('error' in history) && history.events.length === 0 ? <p className="empty">{t('history.noEvents')}</p> : null}
      <ol className="history-clause-panel__list">
        {rows.map((r) => (
          <li key={r.key}>{r.node}</li>
        ))}
      </ol>
    </aside>
  );
}

function findClause(sections: RevisionSection[], clauseId: string): RevisionClause | null {
  for (const s of sections) {
    const found = s.clauses.find((c) => c.id === clauseId) ?? findClause(s.subsections, clauseId);
    if (found) return found;
  }
  return null;
}

type EventType = keyof typeof en.history.eventTypes;

/** An audit entry's type in the interface language; a type the catalogue does not know yet is shown as it is stored. */
function eventTypeText(t: TFunction, type: string): string {
  return Object.hasOwn(en.history.eventTypes, type) ? t(`history.eventTypes.${type as EventType}`) : type;
}
