import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { deriveSaveStatus } from '../collab/SaveStatus';
import type { MemoConnection } from '../collab/MemoConnection';
import { useConnectionState } from '../collab/useConnectionState';

/**
 * The save status: exactly one of Connecting…, Offline, Saving…, Saved. It is
 * a polite live region (`role="status"`), so a screen reader hears when work
 * is saved or the connection drops, without being interrupted while typing.
 */
export function SaveStatusIndicator({ connection }: { connection: MemoConnection }): ReactNode {
  const { t } = useTranslation();
  const status = deriveSaveStatus(useConnectionState(connection));
  return (
    <span className={`save-status save-status--${status}`} role="status" aria-label={t('saveStatus.label')} data-status={status}>
      <span className="save-status__dot" aria-hidden="true" />
      <span className="save-status__text">{t(`saveStatus.${status}`)}</span>
    </span>
  );
}
