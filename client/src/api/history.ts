import type { ClauseId, MemoId } from '@accord/shared/ids';
import type { ClauseHistory, RestoreResult, RevisionComparison, RevisionDetail, RevisionLabel, RevisionPage } from '@accord/shared/history/schema';
import { apiRequest } from './http';

/** Revision history (docs/API.md "Revision history"): timeline, a revision's content, compare, naming, restore. */

const memoPath = (memoId: MemoId): string => `/api/memos/${encodeURIComponent(memoId)}`;

/** A page of the timeline, newest first; pass the previous page's `nextBefore` for older revisions. */
export function listRevisions(memoId: MemoId, before?: number, limit = 100): Promise<RevisionPage> {
  const query = new URLSearchParams({ limit: String(limit), ...(before === undefined ? {} : { before: String(before) }) });
  return apiRequest<RevisionPage>('GET', `${memoPath(memoId)}/revisions?${query.toString()}`);
}

/** The memo's structure and clause texts as they were at `rev`. */
export function fetchRevision(memoId: MemoId, rev: number): Promise<RevisionDetail> {
  return apiRequest<RevisionDetail>('GET', `${memoPath(memoId)}/revisions/${rev}`);
}

/** Per-clause, per-language differences between two revisions, with who wrote each span. */
export function compareRevisions(memoId: MemoId, from: number, to: number): Promise<RevisionComparison> {
  return apiRequest<RevisionComparison>('GET', `${memoPath(memoId)}/compare?from=${from}&to=${to}`);
}

/** Names the current state of the memo. */
export function nameRevision(memoId: MemoId, name: string): Promise<RevisionLabel> {
  return apiRequest<RevisionLabel>('POST', `${memoPath(memoId)}/revisions`, { name });
}

/** Restores one clause's text to `revision` (a new change on top, HI2); 423 for a locked clause. */
export function restoreClause(memoId: MemoId, clauseId: ClauseId | string, revision: number): Promise<RestoreResult> {
  return apiRequest<RestoreResult>('POST', `${memoPath(memoId)}/clauses/${encodeURIComponent(clauseId)}/restore`, { revision });
}

/** Restores every unlocked clause to `revision`; locked ones are skipped and reported. */
export function restoreAll(memoId: MemoId, revision: number): Promise<RestoreResult> {
  return apiRequest<RestoreResult>('POST', `${memoPath(memoId)}/restore`, { revision });
}

/** One clause's revisions and status events. */
export function fetchClauseHistory(memoId: MemoId, clauseId: ClauseId | string): Promise<ClauseHistory> {
  return apiRequest<ClauseHistory>('GET', `${memoPath(memoId)}/clauses/${encodeURIComponent(clauseId)}/history`);
}
