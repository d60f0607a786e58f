import { useSyncExternalStore } from 'react';
import type { MemoConnection } from './MemoConnection';
import type { ConnectionState } from './SaveStatus';

/**
 * The connection's facts as React state. Re-renders only when a fact changes
 * (connect, sync, first unacknowledged edit, last acknowledgement), never per
 * keystroke.
 */
export function useConnectionState(connection: MemoConnection): ConnectionState {
  return useSyncExternalStore(connection.subscribe, connection.getSnapshot);
}
