import type { MeView } from '@accord/shared/memo/schema';
import { fetchMe } from '../api/auth';

let started: Promise<MeView | null> | null = null;

/**
 * Asks who is signed in (`GET /api/me`) as soon as the app's code runs,
 * before React renders and before a memo opened by its address opens its
 * sync socket. Order matters on the server: a big memo's socket makes the
 * server load the memo (hundreds of milliseconds of its thread), and a
 * session check arriving after that waited for it, holding the memo page
 * back even though the memo's text had long arrived.
 */
export function startSessionCheck(): void {
  started ??= fetchMe();
  // Whoever takes it handles a failure.
  started.catch(() => undefined);
}

/**
 * The session check started at load; later callers (and a page with none
 * started) ask anew. It stays takeable until the current task ends, so that
 * React's development re-run of an effect gets the same answer.
 */
export function takeSessionCheck(): Promise<MeView | null> {
  const taken = started;
  if (taken) setTimeout(() => (started = null), 0);
  return taken ?? fetchMe();
}
