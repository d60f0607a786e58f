import { useEffect } from 'react';
import type { TFunction } from 'i18next';
import { useNavigate } from 'react-router-dom';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import { ErrorCode, isErrorCode } from '@accord/shared/protocol/errors';
import { useTranslation } from 'react-i18next';
import type { MemoConnection } from '../collab/MemoConnection';
import { useSession } from '../ui/Session';
import { useToasts } from '../ui/Toasts';

/**
 * Turns what the sync server says into toasts: notices (message type 101,
 * e.g. "your change to a locked clause was undone", LK3) and closes of the
 * socket. A close in 4400–4499 is final — y-websocket stops reconnecting —
 * so it gets a sticky toast that says what happened and what to do.
 * `clauseLabel` names a clause the way people do ("Clause 2 of ‘Status of
 * relations’"), or returns null if it is no longer in the memo.
 */
export function useConnectionToasts(connection: MemoConnection | null, clauseLabel: (clauseId: string) => string | null): void {
  const { t } = useTranslation();
  const toasts = useToasts();
  const navigate = useNavigate();
  const { expired } = useSession();

  useEffect(() => {
    if (!connection) return;
    const offNotice = connection.onNotice((notice) => {
      const known = noticeText(t, notice.code);
      const label = notice.clauseId ? clauseLabel(notice.clauseId) : null;
      if (notice.code === ErrorCode.locked && label) {
        // LK3: the server undid this window's change to an agreed clause; say which one.
        toasts.show({ key: `notice:locked:${notice.clauseId ?? ''}`, tone: 'error', text: t('agreement.lockedUndone', { ref: label }) });
        return;
      }
      // The server's message is English prose: shown only for a code this client has no translation of.
      const detailParts = [label ? t('noticeClause', { label }) : null, known ? null : notice.message].filter(
        (part): part is string => part !== null && part !== '',
      );
      toasts.show({
        key: `notice:${notice.code}:${notice.clauseId ?? ''}`,
        tone: 'error',
        text: known ?? notice.message,
        ...(detailParts.length > 0 ? { detail: detailParts.join(' — ') } : {}),
      });
    });
    const offClose = connection.onClose((report) => {
      if (!report.permanent) {
        toasts.show({ key: 'connection', tone: 'info', text: t('connection.unavailable') });
        return;
      }
      const signIn = report.code === CloseCode.unauthenticated || report.code === CloseCode.sessionEnded;
      toasts.show({
        key: 'connection',
        tone: 'error',
        sticky: true,
        text: closeText(t, report.code),
        ...(report.reason ? { detail: report.reason } : {}),
        action: signIn
          ? {
              label: t('connection.signInAgain'),
              onClick: () => {
                expired();
                navigate('/login', { state: { from: window.location.pathname } });
              },
            }
          : { label: t('connection.reload'), onClick: () => window.location.reload() },
      });
    });
    return () => {
      offNotice();
      offClose();
    };
  }, [connection, t, toasts, navigate, expired, clauseLabel]);
}

function noticeText(t: TFunction, code: string): string | null {
  return isErrorCode(code) ? t(`notices.${code}`) : null;
}

function closeText(t: TFunction, code: number): string {
  switch (code) {
    case CloseCode.forbidden:
      return t('connection.forbidden');
    case CloseCode.notFound:
      return t('connection.notFound');
    case CloseCode.unauthenticated:
    case CloseCode.sessionEnded:
      return t('connection.unauthenticated');
    case CloseCode.badMessage:
      return t('connection.badMessage');
    case CloseCode.messageTooLarge:
      return t('connection.tooLarge');
    case CloseCode.rateLimited:
      return t('connection.rateLimited');
    default:
      return t('connection.otherPermanent', { code });
  }
}
