import type { LanguageCode, MemoId, PartyId, UserId } from '@accord/shared/ids';
import type { Locale } from '@accord/shared/i18n/locale';
import type { Party, Role } from '@accord/shared/memo/schema';

/**
 * The storage interface: everything the server persists, behind one small
 * contract so that SQLite (the embedded default) and PostgreSQL (for larger
 * deployments) are interchangeable. Methods are async even where SQLite is
 * synchronous, so a networked adapter fits the same shape.
 * `test/storageContract.ts` is the suite every adapter must pass.
 */
export interface Storage {
  // Accounts
  createUser(user: NewUser): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  findUserById(id: UserId): Promise<UserRecord | null>;
  countUsers(): Promise<number>;
  /** Remembers the account's interface language (`PUT /api/me/preferences`). */
  setUserLocale(id: UserId, locale: Locale): Promise<void>;

  // Sessions (server-side; the cookie holds a random token whose hash is stored)
  createSession(session: SessionRecord): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteExpiredSessions(now: number): Promise<number>;

  // Memos and membership
  /** Creates the memo, its members and its first update in one transaction (DU3: seeded exactly once). */
  createMemo(memo: MemoRecord, members: MemberRecord[], initial: AppendEntry): Promise<void>;
  getMemo(id: MemoId): Promise<MemoRecord | null>;
  setMemoTitle(id: MemoId, title: string): Promise<void>;
  listMemosOf(userId: UserId): Promise<Array<{ memo: MemoRecord; member: MemberRecord }>>;
  getMember(memoId: MemoId, userId: UserId): Promise<MemberRecord | null>;
  listMembers(memoId: MemoId): Promise<MemberRecord[]>;
  putMember(member: MemberRecord): Promise<void>;
  removeMember(memoId: MemoId, userId: UserId): Promise<boolean>;

  // The document's update log
  /**
   * Appends updates in one transaction; resolves with their sequence numbers
   * once durable. Each entry's `clientIds` are recorded as belonging to its
   * user in the same transaction (the client-id registry), and so are its
   * `audit` entries.
   */
  appendUpdates(memoId: MemoId, entries: readonly AppendEntry[]): Promise<number[]>;
  /** Which user first wrote each Yjs client id in this memo (null = the server itself). */
  loadClientOwners(memoId: MemoId): Promise<Map<number, UserId | null>>;
  /** The newest checkpoint and every update after it (DU2: the whole document or an error). */
  loadDocument(memoId: MemoId): Promise<StoredDocument>;
  /** Stores a full-state checkpoint covering updates up to `seq`; older checkpoints stay for history. */
  writeCheckpoint(memoId: MemoId, seq: number, state: Uint8Array): Promise<void>;
  /** Updates with `seq > afterSeq`, oldest first, at most `limit`. */
  listUpdates(memoId: MemoId, afterSeq: number, limit: number): Promise<StoredUpdate[]>;

  // History (HI1): reading the log without loading the live document
  /** The newest checkpoint at or before `seq` (history rebuilds start there), or null. */
  loadCheckpointAtOrBefore(memoId: MemoId, seq: number): Promise<{ seq: number; state: Uint8Array } | null>;
  /**
   * Stores what history keeps alongside the checkpoint at `seq` (history/checkpointIndex.ts), in one
   * transaction. Optional data: a checkpoint without an index still serves history (by a full rebuild).
   */
  writeCheckpointIndex(memoId: MemoId, seq: number, index: CheckpointIndexData): Promise<void>;
  /**
   * The newest checkpoint index at or before `seq` — digest and state vector, not the segments — or null.
   * (It may be older than the newest checkpoint if that one has none: history then applies a longer tail.)
   */
  loadCheckpointIndexAtOrBefore(memoId: MemoId, seq: number): Promise<{ seq: number; digest: Uint8Array; stateVector: Uint8Array } | null>;
  /** The named segments of the index at `seq` (keys not stored are left out of the result). */
  loadCheckpointSegments(memoId: MemoId, seq: number, keys: Iterable<string>): Promise<Map<string, Uint8Array>>;
  /** Updates with `afterSeq < seq <= toSeq`, oldest first. */
  listUpdatesBetween(memoId: MemoId, afterSeq: number, toSeq: number): Promise<StoredUpdate[]>;
  /**
   * Who/when/what of updates with `seq < beforeSeq`, newest first, at most
   * `limit` — without the update bytes, so a revision list never decodes Yjs.
   */
  listUpdateMeta(memoId: MemoId, beforeSeq: number, limit: number): Promise<UpdateMeta[]>;
  /** The highest stored seq of the memo (0 when none). */
  lastSeq(memoId: MemoId): Promise<number>;

  // Audit log (AU1) and named revisions
  /** Appends an entry to the memo's hash-chained audit log; the adapter links it to the previous entry atomically. */
  appendAudit(memoId: MemoId, entry: NewAuditEntry): Promise<AuditEntry>;
  listAudit(memoId: MemoId): Promise<AuditEntry[]>;
  /** Records a named revision at the current end of the update log. */
  addNamedRevision(memoId: MemoId, revision: NewNamedRevision): Promise<NamedRevision>;
  listNamedRevisions(memoId: MemoId): Promise<NamedRevision[]>;

  /** Runs the engine's own integrity check; resolves with problems found (empty = fine). */
  integrityCheck(): Promise<string[]>;
  close(): Promise<void>;
}

export interface NewUser {
  id: UserId;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: number;
}
export interface UserRecord extends NewUser {
  /** The interface language the person chose; null until they choose one. */
  locale: Locale | null;
}

export interface SessionRecord {
  tokenHash: string;
  userId: UserId;
  createdAt: number;
  expiresAt: number;
}

export interface MemoRecord {
  id: MemoId;
  title: string;
  ownerId: UserId;
  parties: Party[];
  languages: LanguageCode[];
  createdAt: number;
}

export interface MemberRecord {
  memoId: MemoId;
  userId: UserId;
  partyId: PartyId | null;
  role: Role;
}

/** One accepted change, with who made it and when (HI1). */
export interface AppendEntry {
  update: Uint8Array;
  userId: UserId | null;
  partyId: PartyId | null;
  createdAt: number;
  /** Yjs client ids whose structs the update carries; recorded as the user's. */
  clientIds?: readonly number[];
  /**
   * What the update touched, as touch keys (root names, plus `agreement:<clauseId>`
   * for agreement entries; see history/touchedKeys.ts). Stored so that listing
   * revisions never has to decode updates. Absent = unknown (older rows).
   */
  touched?: readonly string[];
  /**
   * Audit entries the update itself causes (a party placing or removing its
   * bracket), written in the same transaction: the event is durable exactly
   * when the change is.
   */
  audit?: readonly NewAuditEntry[];
}
/** What history stores with a checkpoint (see history/checkpointIndex.ts); opaque bytes to storage. */
export interface CheckpointIndexData {
  /** Its compare digest (history/revisionDigest.ts, encodeDigest). */
  digest: Uint8Array;
  /** The checkpoint's state vector and its Yjs structs split by touch key (history/checkpointSegments.ts). */
  stateVector: Uint8Array;
  segments: Map<string, Uint8Array>;
}

export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
  userId: UserId | null;
  partyId: PartyId | null;
  createdAt: number;
}

/** An update row without its bytes (history listing). `touched` is null when unknown. */
export interface UpdateMeta {
  seq: number;
  userId: UserId | null;
  partyId: PartyId | null;
  createdAt: number;
  touched: string[] | null;
}

export interface StoredDocument {
  checkpoint: { seq: number; state: Uint8Array } | null;
  /** Updates after the checkpoint, oldest first. */
  tail: StoredUpdate[];
}

/** What the caller gives for an audit entry; seq, prevHash and hash are the adapter's. */
export interface NewAuditEntry {
  at: string;
  type: string;
  userId: UserId | null;
  partyId: PartyId | null;
  clauseId: string | null;
  /** Event details (hash signed, reason …), canonical JSON-able. */
  data: Record<string, unknown>;
}

/** One link of the audit chain: `hash` = SHA-256 over `prevHash` and the entry (see audit/auditHash.ts). */
export interface AuditEntry extends NewAuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

export interface NewNamedRevision {
  name: string;
  /** What made it: 'lock', 'reopen', 'signoff', 'manual', 'import' … */
  kind: string;
  userId: UserId | null;
  at: string;
}

/** A named point in the memo's history: everything up to update `seq`. */
export interface NamedRevision extends NewNamedRevision {
  id: number;
  seq: number;
}
