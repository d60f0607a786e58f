import { asMemoId, type MemoId } from '@accord/shared/ids';
import type { MemoHeading } from '@accord/shared/memo/schema';
import { fetchMemoHeading } from '../api/memos';

let prefetched: { memoId: MemoId; heading: Promise<MemoHeading> } | null = null;

/**
 * When the page is opened on a memo's address, starts what opening it waits
 * for, as soon as the app's code runs: the memo's heading (asked before the
 * server is busy loading a big memo's document for the socket, which holds
 * up every request behind it) and, once the memo code has arrived, its sync
 * connection (`earlyConnection`). Neither waits for the session check: the
 * server checks the cookie on both.
 */
export function startOpeningMemo(pathname: string): void {
  const match = /^\/memos\/([^/]+)\/?$/.exec(pathname);
  if (!match) return;
  const memoId = asMemoId(decodeURIComponent(match[1]!));
  const heading = fetchMemoHeading(memoId);
  // Whoever takes it handles a failure; untaken, it is dropped quietly.
  heading.catch(() => undefined);
  prefetched = { memoId, heading };
  void import('./earlyConnection').then((early) => early.openEarlyConnection(memoId)).catch(() => undefined);
}

/**
 * The heading of `memoId`: the answer asked for at start when there is one
 * for this memo (taken once), else a new request. A prefetch that failed
 * (no session yet, say) is asked again.
 */
export function loadMemoHeading(memoId: MemoId): Promise<MemoHeading> {
  const taken = prefetched?.memoId === memoId ? prefetched.heading : null;
  prefetched = null;
  return taken ? taken.catch(() => fetchMemoHeading(memoId)) : fetchMemoHeading(memoId);
}
