import { useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MemoConnection } from '../collab/MemoConnection';
import { ShownSaveStatus } from '../collab/ShownSaveStatus';

/**
 * The save status: exactly one of Connecting…, Offline, Saving…, Saved. It is
 * a polite live region (`role="status"`), so a screen reader hears when work
 * is saved or the connection drops, without being interrupted while typing.
 * "Saved" waits for a pause in typing ({@link ShownSaveStatus}), so a
 * keystroke does not re-render the header.
 */
export function SaveStatusIndicator({ connection }: { connection: MemoConnection }): ReactNode {
  const { t } = useTranslation();
  const shown = useMemo(() => new ShownSaveStatus(connection), [connection]);
  const status = useSyncExternalStore(shown.subscribe, shown.getSnapshot);
  return (
    <span className={`save-status save-status--${status}`} role="status" aria-label={t('saveStatus.label')} data-status={status}>
      <span className="save-status__dot" aria-hidden="true" />
      <span className="save-status__text">{t(`saveStatus.${status}`)}</span>
    </span>
  );
}
