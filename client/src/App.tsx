import type { ReactNode } from 'react';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { MemoListPage } from './memo/MemoListPage';
import { LoginPage } from './ui/LoginPage';
import { RequireSession, SessionProvider } from './ui/Session';
import { ToastProvider } from './ui/Toasts';
import { startOpeningMemo } from './memo/openedMemo';
import { lazyPage, preloadWhenIdle } from './ui/lazyPage';
import { startSessionCheck } from './ui/sessionCheck';

function Loading(): ReactNode {
  const { t } = useTranslation();
  return <p className="page-status">{t('common.loading')}</p>;
}

// The memo page carries the editor, Yjs and the sync client: load it only when a memo is opened.
const memoPage = lazyPage(() => import('./memo/MemoPage').then((module) => module.MemoPage), () => <Loading />);
const historyPage = lazyPage(() => import('./history/HistoryPage').then((module) => module.HistoryPage), () => <Loading />);
// Who is signed in is asked first: before the memo's socket makes the server busy loading it.
startSessionCheck();
// Opening a memo by its address: fetch its code while the session is being checked, and start
// loading the memo itself (memo/openedMemo).
// Anywhere else (the login page, the memo list) the next step is most often opening a memo:
// its code is fetched while the page is idle, so that it opens without waiting for it.
if (window.location.pathname.startsWith('/memos/')) {
  void (window.location.pathname.endsWith('/history') ? historyPage : memoPage).preload().catch(() => undefined);
} else {
  preloadWhenIdle(memoPage);
}
startOpeningMemo(window.location.pathname);

/** Providers every page shares (the session and the toast area), and a skip link past the header. */
function Shell(): ReactNode {
  const { t } = useTranslation();
  return (
    <SessionProvider>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <ToastProvider>
        <Outlet />
      </ToastProvider>
    </SessionProvider>
  );
}

/**
 * Routes: `/login`, `/` (the memo list), `/memos/:id` (a memo) and
 * `/memos/:id/history` (its revision history). Everything
 * but the login page needs a session; without one the person is sent to log
 * in and brought back afterwards.
 */
const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { path: '/login', element: <LoginPage /> },
      { path: '/', element: <RequireSession>{(me) => <MemoListPage me={me} />}</RequireSession> },
      { path: '/memos/:id', element: <RequireSession>{(me) => <memoPage.Page me={me} />}</RequireSession> },
      { path: '/memos/:id/history', element: <RequireSession>{(me) => <historyPage.Page me={me} />}</RequireSession> },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

/** The application root. */
export function App(): ReactNode {
  return <RouterProvider router={router} />;
}
