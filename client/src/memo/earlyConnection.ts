import type { MemoId } from '@accord/shared/ids';
import { MemoConnection } from '../collab/MemoConnection';

/** How long an early connection waits for its memo page before it is closed (no session after all, or the person went elsewhere). */
const UNTAKEN_MS = 10_000;

let early: { memoId: MemoId; connection: MemoConnection; timer: ReturnType<typeof setTimeout> } | null = null;

/**
 * Opens the sync connection of the memo whose address the page was opened
 * on, as soon as the memo code has arrived — before the session check has
 * answered and the memo page has rendered. A big memo's text (a megabyte,
 * and the server's load of it from storage) is the longest wait of opening
 * a memo, and none of it depends on those: the server checks the session
 * cookie on the socket itself. The memo page takes the connection over
 * ({@link takeEarlyConnection}); one left untaken is closed after
 * {@link UNTAKEN_MS}.
 */
export function openEarlyConnection(memoId: MemoId): void {
  if (early) return;
  const connection = new MemoConnection({ memoId });
  const timer = setTimeout(() => {
    if (early?.connection !== connection) return;
    early = null;
    connection.destroy();
  }, UNTAKEN_MS);
  early = { memoId, connection, timer };
}

/**
 * The early connection of `memoId`, now the caller's to keep or destroy; null
 * if there is none. One that has failed to connect (there was no session:
 * the person has logged in since) is closed instead: its next retry could be
 * seconds away, a new connection starts now.
 */
export function takeEarlyConnection(memoId: MemoId): MemoConnection | null {
  if (!early) return null;
  const { connection, timer } = early;
  early = null;
  clearTimeout(timer);
  if (connection.memoId === memoId && connection.provider.wsUnsuccessfulReconnects === 0) return connection;
  connection.destroy();
  return null;
}
