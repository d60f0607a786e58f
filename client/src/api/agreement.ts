import type { ClauseId, MemoId } from '@accord/shared/ids';
import type { ClauseView } from '@accord/shared/memo/schema';
import { apiRequest } from './http';

/**
 * Sign-off, contest flags and reopening (docs/API.md "Sign-off, contest,
 * reopen"). The server decides and writes the `agreement` root; the client
 * only asks. Every call resolves with the clause's view as the server holds
 * it after the change, but the interface renders from the Y.Doc, where the
 * same change arrives through ordinary sync.
 */

const clausePath = (memoId: MemoId, clauseId: ClauseId | string): string =>
  `/api/memos/${encodeURIComponent(memoId)}/clauses/${encodeURIComponent(clauseId)}`;

/** SO2: signs the clause for the caller's party at the hash of the text the signatory saw. */
export function signClause(memoId: MemoId, clauseId: ClauseId | string, hash: string): Promise<ClauseView> {
  return apiRequest<ClauseView>('POST', `${clausePath(memoId, clauseId)}/signoffs`, { hash });
}

/** Withdraws the caller's party's sign-off (not possible on a locked clause). */
export function withdrawSignOff(memoId: MemoId, clauseId: ClauseId | string): Promise<ClauseView> {
  return apiRequest<ClauseView>('DELETE', `${clausePath(memoId, clauseId)}/signoffs`);
}

/** Flags the whole clause as contested for the caller's party, with a reason (SO4). */
export function contestClause(memoId: MemoId, clauseId: ClauseId | string, reason: string): Promise<ClauseView> {
  return apiRequest<ClauseView>('POST', `${clausePath(memoId, clauseId)}/contest`, { reason });
}

/** Lifts the caller's party's own contest flag. */
export function withdrawContest(memoId: MemoId, clauseId: ClauseId | string): Promise<ClauseView> {
  return apiRequest<ClauseView>('DELETE', `${clausePath(memoId, clauseId)}/contest`);
}

/** LK4: asks to reopen a locked clause. */
export function requestReopen(memoId: MemoId, clauseId: ClauseId | string, reason: string): Promise<ClauseView> {
  return apiRequest<ClauseView>('POST', `${clausePath(memoId, clauseId)}/reopen-requests`, { reason });
}

/** LK4: the caller's party consents to an open reopen request. */
export function consentToReopen(memoId: MemoId, clauseId: ClauseId | string, requestId: string): Promise<ClauseView> {
  return apiRequest<ClauseView>('POST', `${clausePath(memoId, clauseId)}/reopen-requests/${encodeURIComponent(requestId)}/consent`);
}
