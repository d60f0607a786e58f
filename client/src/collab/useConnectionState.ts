import { useSyncExternalStore } from 'react';
import type { MemoConnection } from './MemoConnection';
import type { ConnectionState } from './SaveStatus';

/**
 * One derived fact of the connection (a primitive): re-renders only when that
 * fact changes. The memo page uses it so that "pending" flipping with every
 * acknowledged keystroke never re-renders the whole memo.
 */
export function useConnectionFact<T extends string | number | boolean | null>(connection: MemoConnection, select: (state: ConnectionState) => T): T {
  return useSyncExternalStore(connection.subscribe, () => select(connection.getSnapshot()));
}
