import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { Locale } from '@accord/shared/i18n/locale';
import type { MeView } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/ApiError';
import { logout as apiLogout, savePreferences } from '../api/auth';
import { takeSessionCheck } from './sessionCheck';
import { applyLocale } from '../i18n/i18n';

/** The signed-in person as the whole app sees it. `undefined` while the first `/api/me` is in flight. */
export interface SessionValue {
  me: MeView | null | undefined;
  /** Records a fresh login (from the login page). */
  signedIn(me: MeView): void;
  /** Forgets the session locally, e.g. after a 401 from any call. */
  expired(): void;
  /** Logs out on the server, then locally. */
  signOut(): Promise<void>;
  /** Whether the last session ended by itself (expiry, revocation) rather than by signing out. */
  endedUnexpectedly: boolean;
  /**
   * Switches the interface language (from the language menu), remembers it in
   * this browser and, when someone is signed in, on their account. Rejects if
   * the account could not be updated (the switch itself has happened).
   */
  chooseLocale(locale: Locale): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/**
 * Who is signed in. Asked of the server once at start (`GET /api/me`, sent
 * before the first render: see `sessionCheck`); the
 * session itself lives in an HttpOnly cookie the page cannot read, so the
 * server is the only authority on it.
 */
export function SessionProvider({ children }: { children: ReactNode }): ReactNode {
  const [me, setMe] = useState<MeView | null | undefined>(undefined);
  const [endedUnexpectedly, setEndedUnexpectedly] = useState(false);

  useEffect(() => {
    let cancelled = false;
    takeSessionCheck().then(
      (found) => {
        if (cancelled) return;
        if (found?.locale) applyLocale(found.locale);
        setMe(found);
      },
      () => {
        if (!cancelled) setMe(null);
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const signedIn = useCallback((next: MeView) => {
    // The account's language wins over this browser's: a person finds their language on any machine.
    if (next.locale) applyLocale(next.locale);
    setEndedUnexpectedly(false);
    setMe(next);
  }, []);
  const expired = useCallback(() => {
    setEndedUnexpectedly(true);
    setMe(null);
  }, []);
  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      setEndedUnexpectedly(false);
      setMe(null);
    }
  }, []);

  const signedInNow = me !== null && me !== undefined;
  const chooseLocale = useCallback(
    async (locale: Locale) => {
      applyLocale(locale);
      if (!signedInNow) return;
      try {
        const updated = await savePreferences({ locale });
        setMe((current) => (current && current.id === updated.id ? { ...current, locale: updated.locale } : current));
      } catch (error) {
        if (error instanceof ApiError && error.isUnauthenticated) {
          expired();
          return;
        }
        throw error;
      }
    },
    [signedInNow, expired],
  );

  const value = useMemo(
    () => ({ me, signedIn, expired, signOut, endedUnexpectedly, chooseLocale }),
    [me, signedIn, expired, signOut, endedUnexpectedly, chooseLocale],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; only valid under {@link SessionProvider}. */
export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** Renders its children for a signed-in person; sends anyone else to the login page and back afterwards. */
export function RequireSession({ children }: { children: (me: MeView) => ReactNode }): ReactNode {
  const { me } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (me === undefined) return <p className="page-status">{t('common.loading')}</p>;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children(me);
}
