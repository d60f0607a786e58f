import { useCallback, useState } from 'react';
import type { ClauseId } from '@accord/shared/ids';
import type { ErrorCode } from '@accord/shared/protocol/errors';
import { consentToReopen, contestClause, requestReopen, signClause, withdrawContest, withdrawSignOff } from '../api/agreement';
import { ApiError } from '../api/ApiError';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { en } from '../i18n/locales/en';
import { useMemoContext } from '../memo/MemoContext';
import { usePrompt } from '../ui/PromptDialog';
import { useSession } from '../ui/Session';
import { useToasts } from '../ui/Toasts';
import { useClauseRef } from './useClauseRef';

/** The agreement actions on one clause, with a busy flag while one is on its way. */
export interface AgreementActions {
  busy: boolean;
  sign(): void;
  withdraw(): void;
  contest(): void;
  withdrawContest(): void;
  requestReopen(): void;
  consentToReopen(requestId: string): void;
}

/**
 * Sign-off, contest and reopen for one clause, through the REST API; the
 * result comes back into the page through the document (the server writes
 * the `agreement` root), so nothing here updates the view itself. Failures
 * become a toast naming the clause, with a message per error code.
 *
 * Signing sends the hash of the text in this window computed at the moment
 * of the click — exactly the text on screen (SO2); the server refuses it
 * with `text_changed` if its text differs.
 */
export function useAgreementActions(clauseId: ClauseId): AgreementActions {
  const { t } = useTranslation();
  const { memoId, agreement } = useMemoContext();
  const toasts = useToasts();
  const prompt = usePrompt();
  const clauseRef = useClauseRef();
  const { expired } = useSession();
  const [busy, setBusy] = useState(false);

  const fail = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.isUnauthenticated) {
        expired();
        return;
      }
      // The server's own message is English prose for logs; people see the message for its code, in their language.
      const code = error instanceof ApiError ? error.code : null;
      const text = code ? (agreementErrorText(t, code) ?? t(`errors.${code}`)) : t('agreement.failed');
      toasts.show({ key: `agreement:${clauseId}`, tone: 'error', text, detail: clauseRef(clauseId) });
    },
    [t, toasts, clauseRef, clauseId, expired],
  );

  const run = useCallback(
    (action: () => Promise<unknown>) => {
      setBusy(true);
      action()
        .catch(fail)
        .finally(() => setBusy(false));
    },
    [fail],
  );

  const sign = useCallback(() => {
    const hash = agreement.currentHash(clauseId);
    run(() => signClause(memoId, clauseId, hash));
  }, [agreement, clauseId, memoId, run]);

  const withReason = useCallback(
    (title: string, body: string, submitLabel: string, send: (reason: string) => Promise<unknown>) => {
      void prompt({ title, body, submitLabel }).then((reason) => {
        if (reason !== null) run(() => send(reason));
      });
    },
    [prompt, run],
  );

  return {
    busy,
    sign,
    withdraw: () => run(() => withdrawSignOff(memoId, clauseId)),
    contest: () =>
      withReason(t('agreement.dialog.contestTitle'), t('agreement.dialog.contestBody', { ref: clauseRef(clauseId) }), t('agreement.dialog.contestSubmit'), (reason) =>
        contestClause(memoId, clauseId, reason),
      ),
    withdrawContest: () => run(() => withdrawContest(memoId, clauseId)),
    requestReopen: () =>
      withReason(t('agreement.dialog.reopenTitle'), t('agreement.dialog.reopenBody', { ref: clauseRef(clauseId) }), t('agreement.dialog.reopenSubmit'), (reason) =>
        requestReopen(memoId, clauseId, reason),
      ),
    consentToReopen: (requestId: string) => run(() => consentToReopen(memoId, clauseId, requestId)),
  };
}

/** The agreement-specific message for an error code, where there is one (`agreement.errors.<code>`). */
function agreementErrorText(t: TFunction, code: ErrorCode): string | null {
  return code in en.agreement.errors ? t(`agreement.errors.${code as keyof typeof en.agreement.errors}`) : null;
}
