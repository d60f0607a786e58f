import { useEffect, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { MemoSummary, MeView } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { listMemos } from '../api/memos';
import { ApiError } from '../api/ApiError';
import { useSession } from '../ui/Session';
import { TopBar } from '../ui/TopBar';
import { ImportMemoForm } from '../import/ImportMemoForm';
import { NewMemoForm } from './NewMemoForm';
import { partyName } from './partyName';
import { errorText } from '../i18n/errorText';
import { useDateFormat } from '../i18n/format';

type ListState = { kind: 'loading' } | { kind: 'failed'; error: unknown } | { kind: 'ready'; memos: MemoSummary[] };

/** The memos the signed-in person belongs to, with their role and party in each, and the form to start a new one. */
export function MemoListPage({ me }: { me: MeView }): ReactNode {
  const { t, i18n } = useTranslation();
  const dates = useDateFormat();
  const { expired } = useSession();
  const [state, setState] = useState<ListState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    listMemos().then(
      (memos) => {
        if (!cancelled) setState({ kind: 'ready', memos: [...memos].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) });
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.isUnauthenticated) expired();
        else setState({ kind: 'failed', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt, expired]);

  return (
    <>
      <TopBar me={me} />
      <main className="page" id="main">
        <h1 className="page__title">{t('memoList.title')}</h1>
        {state.kind === 'loading' ? <p className="page-status">{t('common.loading')}</p> : null}
        {state.kind === 'failed' ? (
          <div className="callout callout--error" role="alert">
            <p>{t('memoList.loadFailed', { message: errorText(t, state.error) })}</p>
            <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
              {t('common.retry')}
            </button>
          </div>
        ) : null}
        {state.kind === 'ready' && state.memos.length === 0 ? <p className="empty">{t('memoList.empty')}</p> : null}
        {state.kind === 'ready' && state.memos.length > 0 ? (
          <table className="memo-table">
            <thead>
              <tr>
                <th scope="col">{t('memoList.columnTitle')}</th>
                <th scope="col">{t('memoList.columnRole')}</th>
                <th scope="col">{t('memoList.columnParty')}</th>
                <th scope="col">{t('memoList.columnCreated')}</th>
              </tr>
            </thead>
            <tbody>
              {state.memos.map((memo) => (
                <tr key={memo.id}>
                  <td>
                    <Link to={`/memos/${encodeURIComponent(memo.id)}`} className="memo-table__title">
                      {memo.title}
                    </Link>
                    {memo.isOwner ? <span className="tag">{t('memoList.owner')}</span> : null}
                  </td>
                  <td>{t(`roles.${memo.role}`)}</td>
                  <td>{memo.partyId ? (memo.party ? partyName(memo.party, i18n.language) : memo.partyId) : t('memoList.noParty')}</td>
                  <td>
                    <time dateTime={memo.createdAt} title={dates.dateTime(memo.createdAt)}>
                      {dates.relative(memo.createdAt)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <NewMemoForm />
        <ImportMemoForm />
      </main>
    </>
  );
}
