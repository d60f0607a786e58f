import type { MemoId, UserId } from '@accord/shared/ids';
import type { MemoDetail, MemoHeading, MemoSummary, Membership, Party, PutMemberRequest, Role } from '@accord/shared/memo/schema';
import { apiRequest } from './http';

/**
 * Body of `POST /api/memos` as the client sends it — the input side of the
 * shared `CreateMemoRequest` schema (fields with server defaults may be left
 * out). Spelled out here so the browser bundle needs no validation library.
 */
export interface CreateMemoBody {
  title: string;
  languages?: string[];
  parties?: Array<Pick<Party, 'color'> & { id: string; name: Record<string, string> }>;
  myRole?: Role;
  myPartyId?: string | null;
}

/** The memos the signed-in person belongs to. */
export function listMemos(): Promise<MemoSummary[]> {
  return apiRequest<MemoSummary[]>('GET', '/api/memos');
}

/**
 * Asks the server to create a memo. The server writes its initial content
 * (DU3): the client only sends the title, parties and languages.
 */
export async function createMemo(request: CreateMemoBody): Promise<MemoId> {
  const result = await apiRequest<{ id: MemoId }>('POST', '/api/memos', request);
  return result.id;
}

/** Title, parties, languages and the caller's own membership of one memo: what the memo page needs first (no structure). */
export function fetchMemoHeading(id: MemoId): Promise<MemoHeading> {
  return apiRequest<MemoHeading>('GET', `/api/memos/${encodeURIComponent(id)}/heading`);
}

/** Parties, languages, structure and the caller's own membership of one memo. */
export function fetchMemo(id: MemoId): Promise<MemoDetail> {
  return apiRequest<MemoDetail>('GET', `/api/memos/${encodeURIComponent(id)}`);
}

/** Everyone who belongs to a memo. */
export async function listMembers(id: MemoId): Promise<Membership[]> {
  const result = await apiRequest<{ members: Membership[] }>('GET', `/api/memos/${encodeURIComponent(id)}/members`);
  return result.members;
}

/** Adds a person by e-mail or changes their role and party (owner only). */
export async function putMember(id: MemoId, request: PutMemberRequest): Promise<void> {
  await apiRequest<unknown>('PUT', `/api/memos/${encodeURIComponent(id)}/members`, request);
}

/** Removes a person from a memo (owner only). */
export async function removeMember(id: MemoId, userId: UserId): Promise<void> {
  await apiRequest<void>('DELETE', `/api/memos/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`);
}
