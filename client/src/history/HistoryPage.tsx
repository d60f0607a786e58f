import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { asMemoId } from '@accord/shared/ids';
import type { RevisionSummary } from '@accord/shared/history/schema';
import { canEdit, type MemoDetail, type MeView } from '@accord/shared/memo/schema';
import { listRevisions, nameRevision, restoreAll, restoreClause } from '../api/history';
import { fetchMemo } from '../api/memos';
import { ApiError } from '../api/ApiError';
import { PartyColors } from '../agreement/PartyColors';
import { errorText } from '../i18n/errorText';
import { useDateFormat } from '../i18n/format';
import { LanguageMenu } from '../i18n/LanguageMenu';
import { ConfirmProvider, useConfirm } from '../ui/ConfirmDialog';
import { PromptProvider, usePrompt } from '../ui/PromptDialog';
import { useSession } from '../ui/Session';
import { useToasts } from '../ui/Toasts';
import { TopBar } from '../ui/TopBar';
import { ClauseHistoryPanel } from './ClauseHistoryPanel';
import { ComparisonView } from './ComparisonView';
import { givenNames } from './givenNames';
import { RevisionTimeline } from './RevisionTimeline';
import { RevisionView } from './RevisionView';
import './history.css';

type Mode = 'view' | 'compare';

/** Route `/memos/:id/history`: the memo's revision history (HI1) with compare and restore (HI2). */
export function HistoryPage({ me }: { me: MeView }): ReactNode {
  return (
    <ConfirmProvider>
      <PromptProvider>
        <HistoryScreen me={me} />
      </PromptProvider>
    </ConfirmProvider>
  );
}

function HistoryScreen({ me }: { me: MeView }): ReactNode {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const { expired } = useSession();
  const toasts = useToasts();
  const confirm = useConfirm();
  const prompt = usePrompt();
  const memoId = asMemoId(useParams().id ?? '');
  const [detail, setDetail] = useState<MemoDetail | null>(null);
  const [revisions, setRevisions] = useState<RevisionSummary[]>([]);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [error, setError] = useState<{ cause: unknown } | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [viewRev, setViewRev] = useState<number | null>(null);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [panel, setPanel] = useState<{ clauseId: string; label: string } | null>(null);
  const [generation, setGeneration] = useState(0);

  // What went wrong, in the interface language; an ended session also sends the person to sign in.
  // (Kept apart from `t`, so switching language does not reload the page's state.)
  const noteExpired = useCallback(
    (e: unknown): unknown => {
      if (e instanceof ApiError && e.isUnauthenticated) expired();
      return e;
    },
    [expired],
  );
  const failed = (e: unknown): string => errorText(t, noteExpired(e));

  // (Re)load the memo and the newest page of revisions; after a restore or a name, show the newest.
  useEffect(() => {
    let cancelled = false;
    Promise.all([fetchMemo(memoId), listRevisions(memoId)]).then(
      ([d, page]) => {
        if (cancelled) return;
        setDetail(d);
        setRevisions(page.revisions);
        setNextBefore(page.nextBefore);
        setViewRev(page.latest);
        const oldest = page.revisions[page.revisions.length - 1]?.rev ?? page.latest;
        setRange((r) => (r && generation > 0 ? { from: r.from, to: page.latest } : { from: oldest, to: page.latest }));
      },
      (e: unknown) => !cancelled && setError({ cause: noteExpired(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [memoId, generation, noteExpired]);

  useEffect(() => {
    document.title = detail ? `${t('history.title')} — ${detail.title} — ${t('app.name')}` : t('app.name');
  }, [detail, t]);

  const loadOlder = (): void => {
    if (nextBefore === null) return;
    listRevisions(memoId, nextBefore).then(
      (page) => {
        setRevisions((list) => [...list, ...page.revisions]);
        setNextBefore(page.nextBefore);
      },
      (e: unknown) => toasts.show({ tone: 'error', text: t('history.loadFailed', { message: failed(e) }) }),
    );
  };

  const lockedNow = useMemo(() => {
    const ids = new Set<string>();
    const visit = (sections: MemoDetail['sections']): void => {
      for (const s of sections) {
        for (const c of s.clauses) if (c.locked) ids.add(c.id);
        visit(s.subsections);
      }
    };
    if (detail) visit(detail.sections);
    return ids;
  }, [detail]);

  if (error) {
    return (
      <>
        <TopBar me={me} />
        <main className="page" id="main">
          <p className="callout callout--error" role="alert">
            {t('history.loadFailed', { message: errorText(t, error.cause) })}
          </p>
        </main>
      </>
    );
  }
  if (!detail || viewRev === null || range === null) return <p className="page-status">{t('common.loading')}</p>;

  const writer = canEdit(detail.me.role);
  const latest = revisions[0]?.rev ?? viewRev;
  const oldestFirst = [...revisions].reverse();
  const sliderIndex = Math.max(0, oldestFirst.findIndex((r) => r.rev === viewRev));
  const viewing = revisions.find((r) => r.rev === viewRev);
  const sliderValue = t('history.sliderValue', { index: sliderIndex + 1, total: oldestFirst.length });

  const restore = async (clauseId: string | null, label: string, rev: number): Promise<void> => {
    const ok = await confirm({
      title: clauseId ? t('history.restoreTo', { rev }) : t('history.restoreAll'),
      body: clauseId ? t('history.restoreConfirm', { clause: label, rev }) : t('history.restoreAllConfirm', { rev }),
      confirmLabel: clauseId ? t('history.restoreTo', { rev }) : t('history.restoreAll'),
    });
    if (!ok) return;
    try {
      const result = clauseId ? await restoreClause(memoId, clauseId, rev) : await restoreAll(memoId, rev);
      toasts.show({ tone: 'info', text: result.restored.length > 0 ? t('history.restored', { count: result.restored.length, rev: result.revision }) : t('history.restoredNothing') });
      if (result.skippedLocked.length > 0) toasts.show({ tone: 'info', text: t('history.skippedLocked', { ids: result.skippedLocked.join(', ') }) });
      setGeneration((g) => g + 1);
    } catch (e) {
      toasts.show({ tone: 'error', text: t('history.restoreFailed', { message: failed(e) }) });
    }
  };

  const name = async (): Promise<void> => {
    const answer = await prompt({ title: t('history.name'), body: t('history.namePrompt'), submitLabel: t('history.name') });
    if (!answer) return;
    try {
      const label = await nameRevision(memoId, answer);
      toasts.show({ tone: 'info', text: t('history.named', { name: label.name }) });
      setGeneration((g) => g + 1);
    } catch (e) {
      toasts.show({ tone: 'error', text: t('history.nameFailed', { message: failed(e) }) });
    }
  };

  const selectRev = (rev: number): void => {
    if (mode === 'compare') setRange((r) => (r ? { ...r, to: rev } : r));
    else setViewRev(rev);
  };
  const revOptions = revisions.map((r) => (
    <option key={r.rev} value={r.rev}>
      {t('history.revision', { rev: r.rev })} · {r.userName ?? t('history.server')} · {dateTime(r.at, 'second')}
      {givenNames(r.labels).length > 0 ? ` · ${givenNames(r.labels).at(-1)!.name}` : ''}
    </option>
  ));

  return (
    <div className="history-page">
      <PartyColors parties={detail.parties} />
      <header className="history-header">
        <Link to={`/memos/${encodeURIComponent(memoId)}`} className="button button--quiet button--small">
          ← {t('history.back')}
        </Link>
        <h1 className="history-header__title">
          {t('history.title')} — {detail.title}
        </h1>
        <div className="history-header__spacer" />
        {writer ? (
          <button type="button" className="button button--small" onClick={() => void name()}>
            {t('history.name')}
          </button>
        ) : null}
        <LanguageMenu />
      </header>
      <div className="history-modes" role="tablist" aria-label={t('history.title')}>
        <button type="button" role="tab" aria-selected={mode === 'view'} className="chip-button" onClick={() => setMode('view')}>
          {t('history.modeView')}
        </button>
        <button type="button" role="tab" aria-selected={mode === 'compare'} className="chip-button" onClick={() => setMode('compare')}>
          {t('history.modeCompare')}
        </button>
      </div>
      <div className="history-layout">
        <RevisionTimeline
          revisions={revisions}
          parties={detail.parties}
          selected={mode === 'view' ? viewRev : range.to}
          onSelect={selectRev}
          hasOlder={nextBefore !== null}
          onLoadOlder={loadOlder}
        />
        <main className="history-main" id="main">
          {mode === 'view' ? (
            <>
              <div className="history-controls">
                <label className="history-slider">
                  <span>{t('history.slider')}</span>
                  <input
                    type="range"
                    min={0}
                    max={Math.max(0, oldestFirst.length - 1)}
                    step={1}
                    value={sliderIndex}
                    aria-valuetext={`${t('history.revision', { rev: viewRev })}, ${sliderValue}`}
                    onChange={(e) => setViewRev(oldestFirst[Number(e.target.value)]?.rev ?? viewRev)}
                  />
                  <span>{sliderValue}</span>
                </label>
                {writer && viewRev !== latest ? (
                  <button type="button" className="button button--small" onClick={() => void restore(null, '', viewRev)}>
                    {t('history.restoreAll')}
                  </button>
                ) : null}
              </div>
              <p className="history-viewing">{t('history.viewing', { rev: viewRev, when: viewing ? dateTime(viewing.at, 'second') : '' })}</p>
              <RevisionView
                memoId={memoId}
                detail={detail}
                rev={viewRev}
                canRestore={writer}
                lockedNow={lockedNow}
                isLatest={viewRev === latest}
                onRestore={(clauseId, label) => void restore(clauseId, label, viewRev)}
                onClauseHistory={(clauseId, label) => setPanel({ clauseId, label })}
              />
            </>
          ) : (
            <>
              <div className="history-controls">
                <label className="history-pick">
                  <span>{t('history.from')}</span>
                  <select className="input" value={range.from} onChange={(e) => setRange({ ...range, from: Number(e.target.value) })}>
                    {revOptions}
                  </select>
                </label>
                <label className="history-pick">
                  <span>{t('history.to')}</span>
                  <select className="input" value={range.to} onChange={(e) => setRange({ ...range, to: Number(e.target.value) })}>
                    {revOptions}
                  </select>
                </label>
                <button
                  type="button"
                  className="button button--quiet button--small"
                  onClick={() => setRange({ from: oldestFirst[0]?.rev ?? range.from, to: latest })}
                >
                  {t('history.compareFirstLast')}
                </button>
              </div>
              <ComparisonView
                memoId={memoId}
                detail={detail}
                from={range.from}
                to={range.to}
                canRestore={writer}
                lockedNow={lockedNow}
                onRestore={(clauseId, label, rev) => void restore(clauseId, label, rev)}
              />
            </>
          )}
        </main>
        {panel ? (
          <ClauseHistoryPanel
            memoId={memoId}
            clauseId={panel.clauseId}
            label={panel.label}
            parties={detail.parties}
            languages={detail.languages}
            onShow={(rev) => {
              setMode('view');
              setViewRev(rev);
            }}
            onClose={() => setPanel(null)}
          />
        ) : null}
      </div>
    </div>
  );
}
