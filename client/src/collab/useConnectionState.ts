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

/**
 * One derived fact of the connection (a primitive): re-renders only when that
 * fact changes. The memo page uses it so that "pending" flipping with every
 * acknowledged keystroke never re-renders the whole memo.
 */
export function useConnectionFact<T extends string | number | boolean | null>(connection: MemoConnection, select: (state: ConnectionState) => T): T {
  return useSyncExternalStore(connection.subscribe, () => select(connection.getSnapshot()));
}
