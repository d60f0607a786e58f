import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { asMemoId } from '@accord/shared/ids';
import type { MemoHeading, MeView } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/ApiError';
import { MemoConnection } from '../collab/MemoConnection';
import { useSession } from '../ui/Session';
import { TopBar } from '../ui/TopBar';
import { takeEarlyConnection } from './earlyConnection';
import { loadMemoHeading } from './openedMemo';
import { MemoWorkspace } from './MemoWorkspace';
import { errorText } from '../i18n/errorText';

type LoadState = { kind: 'loading' } | { kind: 'failed'; notFound: boolean; error: unknown } | { kind: 'ready'; detail: MemoHeading };

/**
 * Route `/memos/:id`: loads the memo's parties, languages and the reader's
 * membership over HTTP, then opens the live workspace. The text itself
 * arrives over the sync socket, never over HTTP.
 *
 * The socket is opened at the same time as the HTTP request, not after it
 * (or earlier still, when the page was opened on this memo's address: see
 * `openedMemo`): the server then loads the memo's document once for
 * both, and a big memo's text arrives while the details are still on their
 * way. The workspace takes that connection over; if it never does (an
 * error, leaving), it is closed here.
 */
export function MemoPage({ me }: { me: MeView }): ReactNode {
  const { t } = useTranslation();
  const { expired } = useSession();
  const params = useParams();
  const memoId = asMemoId(params.id ?? '');
  const [state, setState] = useState<LoadState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const early = useRef<MemoConnection | null>(null);
  const takeConnection = useCallback((): MemoConnection | null => {
    const connection = early.current;
    early.current = null;
    return connection;
  }, []);

  useEffect(() => {
    let cancelled = false;
    const connection = takeEarlyConnection(memoId) ?? new MemoConnection({ memoId });
    early.current = connection;
    const closeIfUntaken = (): void => {
      if (early.current !== connection) return;
      early.current = null;
      connection.destroy();
    };
    setState({ kind: 'loading' });
    loadMemoHeading(memoId).then(
      (detail) => {
        if (!cancelled) setState({ kind: 'ready', detail });
      },
      (error: unknown) => {
        if (cancelled) return;
        closeIfUntaken();
        if (error instanceof ApiError && error.isUnauthenticated) {
          expired();
          return;
        }
        const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403);
        setState({ kind: 'failed', notFound, error });
      },
    );
    return () => {
      cancelled = true;
      closeIfUntaken();
    };
  }, [memoId, attempt, expired]);

  useEffect(() => {
    document.title = state.kind === 'ready' ? `${state.detail.title} — ${t('app.name')}` : t('app.name');
    return () => {
      document.title = t('app.name');
    };
  }, [state, t]);

  if (state.kind === 'ready') return <MemoWorkspace key={state.detail.id} detail={state.detail} me={me} takeConnection={takeConnection} />;
  return (
    <>
      <TopBar me={me} />
      <main className="page" id="main">
        {state.kind === 'loading' ? <p className="page-status">{t('common.loading')}</p> : null}
        {state.kind === 'failed' ? (
          <div className="callout callout--error" role="alert">
            <p>{state.notFound ? t('memo.notFound') : t('memo.loadFailed', { message: errorText(t, state.error) })}</p>
            <p className="callout__actions">
              {state.notFound ? null : (
                <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
                  {t('common.retry')}
                </button>
              )}
              <Link to="/" className="button button--quiet">
                {t('common.back')}
              </Link>
            </p>
          </div>
        ) : null}
      </main>
    </>
  );
}
