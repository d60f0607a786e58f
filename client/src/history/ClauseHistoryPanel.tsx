import { useEffect, useState, type ReactNode } from 'react';
import type { MemoId } from '@accord/shared/ids';
import type { ClauseHistory } from '@accord/shared/history/schema';
import type { Party } from '@accord/shared/memo/schema';
import { fetchClauseHistory } from '../api/history';
import { useStrings } from '../i18n/useStrings';
import { formatWhen } from './formatWhen';
import { partyColor } from './partyColor';

/** Props of {@link ClauseHistoryPanel}. */
export interface ClauseHistoryPanelProps {
  memoId: MemoId;
  clauseId: string;
  label: string;
  parties: readonly Party[];
  onShow: (rev: number) => void;
  onClose: () => void;
}

/**
 * One clause on one timeline: the revisions that changed its text or its
 * agreement state, and its status events (sign-offs, contests, lock, reopen)
 * from the audit log, newest first.
 */
export function ClauseHistoryPanel({ memoId, clauseId, label, parties, onShow, onClose }: ClauseHistoryPanelProps): ReactNode {
  const t = useStrings();
  const [history, setHistory] = useState<ClauseHistory | { error: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    setHistory(null);
    fetchClauseHistory(memoId, clauseId).then(
      (h) => !cancelled && setHistory(h),
      (error: unknown) => !cancelled && setHistory({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [memoId, clauseId]);

  type Row = { at: string; key: string; node: ReactNode };
  const rows: Row[] = [];
  if (history && !('error' in history)) {
    for (const r of history.revisions) {
      rows.push({
        at: r.at,
        key: `r${r.rev}`,
        node: (
          <>
            <span className="history-entry__dot" style={{ background: partyColor(parties, r.partyId) }} aria-hidden="true" />
            <span>
              {formatWhen(r.at)} · {r.userName ?? t.history.server} · {t.history.kinds[r.kind] ?? r.kind}
              {r.labels.map((l) => ` · ${l.name}`).join('')}
            </span>
            <button type="button" className="link-button" onClick={() => onShow(r.rev)}>
              {t.history.show} {t.history.revision(r.rev)}
            </button>
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
              {formatWhen(e.at)} · <strong>{t.history.eventTypes[e.type] ?? e.type}</strong>
              {e.partyId ? ` · ${parties.find((p) => p.id === e.partyId)?.name.en ?? e.partyId}` : ''}
              {typeof e.data.reason === 'string' ? ` — ${e.data.reason}` : ''}
            </span>
          </>
        ),
      });
    }
  }
  rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  return (
    <aside className="history-clause-panel" aria-label={t.history.clauseHistoryTitle(label)}>
      <header className="history-clause-panel__head">
        <h2>{t.history.clauseHistoryTitle(label)}</h2>
        <button type="button" className="button button--quiet button--small" onClick={onClose}>
          {t.common.close}
        </button>
      </header>
      {history === null ? <p className="page-status">{t.common.loading}</p> : null}
      {history && 'error' in history ? <p className="callout callout--error">{t.history.loadFailed(history.error)}</p> : null}
      {history && !('error' in history) && history.events.length === 0 ? <p className="empty">{t.history.noEvents}</p> : null}
      <ol className="history-clause-panel__list">
        {rows.map((r) => (
          <li key={r.key}>{r.node}</li>
        ))}
      </ol>
    </aside>
  );
}
