import { useEffect } from 'react';
import type { MemoConnection } from '../collab/MemoConnection';

/**
 * Warns before the page is closed or reloaded while edits made here are not
 * yet stored on the server (DU1). The browser shows its own wording; the
 * check runs at the moment of leaving, so it costs nothing while typing.
 */
export function useUnsavedWarning(connection: MemoConnection | null): void {
  useEffect(() => {
    if (!connection) return;
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      if (!connection.hasUnsavedEdits) return;
      event.preventDefault();
      // Older Chromium versions need returnValue set to show the prompt.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [connection]);
}
