import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LanguageCode, MemoId, PartyId, UserId } from '@accord/shared/ids';
import { isLocale, type Locale } from '@accord/shared/i18n/locale';
import type { Party, Role } from '@accord/shared/memo/schema';
import { auditHash, GENESIS_HASH } from '../audit/auditHash';
import { WalCheckpointer } from './WalCheckpointer';
import type {
  AuditEntry,
  CheckpointIndexData,
  NamedRevision,
  NewAuditEntry,
  NewNamedRevision,
  AppendEntry,
  MemberRecord,
  MemoRecord,
  NewUser,
  SessionRecord,
  Storage,
  StoredDocument,
  StoredUpdate,
  UpdateMeta,
  UserRecord,
} from './Storage';

/** Options of the embedded SQLite adapter. */
export interface SqliteOptions {
  /** SQLite file path, or `:memory:` (tests of the contract only). */
  file: string;
  /** See Config.synchronous. */
  synchronous: 'normal' | 'full';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  locale TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS memos (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  owner_id TEXT NOT NULL REFERENCES users(id),
  parties TEXT NOT NULL,
  languages TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS members (
  memo_id TEXT NOT NULL REFERENCES memos(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  party_id TEXT,
  role TEXT NOT NULL,
  PRIMARY KEY (memo_id, user_id)
);
CREATE INDEX IF NOT EXISTS members_by_user ON members(user_id);
CREATE TABLE IF NOT EXISTS updates (
  memo_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  user_id TEXT,
  party_id TEXT,
  created_at INTEGER NOT NULL,
  touched TEXT,
  PRIMARY KEY (memo_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS client_ids (
  memo_id TEXT NOT NULL,
  client_id INTEGER NOT NULL,
  user_id TEXT,
  PRIMARY KEY (memo_id, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  memo_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  type TEXT NOT NULL,
  user_id TEXT,
  party_id TEXT,
  clause_id TEXT,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (memo_id, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS named_revisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  memo_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  user_id TEXT,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS named_revisions_by_memo ON named_revisions(memo_id, seq);
CREATE TABLE IF NOT EXISTS checkpoints (
  memo_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  state BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (memo_id, seq)
) WITHOUT ROWID;
-- History's index of a checkpoint (history/checkpointIndex.ts): optional, added in issue 4's compare work;
-- a new table, so data folders of earlier versions get it here and their older checkpoints simply have none.
CREATE TABLE IF NOT EXISTS checkpoint_index (
  memo_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  digest BLOB NOT NULL,
  state_vector BLOB NOT NULL,
  PRIMARY KEY (memo_id, seq)
) WITHOUT ROWID;
-- One row per touch key: a compare reads only the few segments the log tail touched.
CREATE TABLE IF NOT EXISTS checkpoint_segments (
  memo_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  key TEXT NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (memo_id, seq, key)
) WITHOUT ROWID;
`;

interface UserRow { id: string; email: string; name: string; password_hash: string; locale: string | null; created_at: number }
interface MemoRow { id: string; title: string; owner_id: string; parties: string; languages: string; created_at: number }
interface MemberRow { memo_id: string; user_id: string; party_id: string | null; role: string }
interface AuditRow { seq: number; at: string; type: string; user_id: string | null; party_id: string | null; clause_id: string | null; data: string; prev_hash: string; hash: string }
interface RevisionRow { id: number; seq: number; name: string; kind: string; user_id: string | null; at: string }
interface UpdateMetaRow { seq: number; user_id: string | null; party_id: string | null; created_at: number; touched: string | null }
interface UpdateRow { seq: number; data: Buffer; user_id: string | null; party_id: string | null; created_at: number }

/**
 * The embedded default storage: one SQLite file in WAL mode. The update log is
 * append-only; each `appendUpdates` call is one transaction, which is what lets
 * the sync layer group many keystrokes into one durable commit.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database;
  private readonly stmt;
  private readonly checkpointer: WalCheckpointer | null = null;

  constructor(options: SqliteOptions) {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    migrate(this.db);
    if (options.file !== ':memory:') {
      // WAL checkpoints run in a worker thread, never inside a commit on the event loop.
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = new WalCheckpointer(options.file);
    }
    const db = this.db;
    this.stmt = {
      insertUser: db.prepare('INSERT INTO users (id, email, name, password_hash, locale, created_at) VALUES (?, ?, ?, ?, NULL, ?)'),
      userByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      setUserLocale: db.prepare('UPDATE users SET locale = ? WHERE id = ?'),
      countUsers: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
      insertSession: db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      sessionByHash: db.prepare<[string], { token_hash: string; user_id: string; created_at: number; expires_at: number }>(
        'SELECT * FROM sessions WHERE token_hash = ?',
      ),
      deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteExpired: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
      insertMemo: db.prepare('INSERT INTO memos (id, title, owner_id, parties, languages, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      memoById: db.prepare<[string], MemoRow>('SELECT * FROM memos WHERE id = ?'),
      setTitle: db.prepare('UPDATE memos SET title = ? WHERE id = ?'),
      memosOf: db.prepare<[string], MemoRow & { party_id: string | null; role: string; user_id: string; memo_id: string }>(
        'SELECT m.*, mb.party_id, mb.role, mb.user_id, mb.memo_id FROM members mb JOIN memos m ON m.id = mb.memo_id WHERE mb.user_id = ? ORDER BY m.created_at DESC',
      ),
      member: db.prepare<[string, string], MemberRow>('SELECT * FROM members WHERE memo_id = ? AND user_id = ?'),
      members: db.prepare<[string], MemberRow>('SELECT * FROM members WHERE memo_id = ? ORDER BY rowid'),
      putMember: db.prepare(
        'INSERT INTO members (memo_id, user_id, party_id, role) VALUES (?, ?, ?, ?) ON CONFLICT (memo_id, user_id) DO UPDATE SET party_id = excluded.party_id, role = excluded.role',
      ),
      removeMember: db.prepare('DELETE FROM members WHERE memo_id = ? AND user_id = ?'),
      lastSeq: db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM updates WHERE memo_id = ?'),
      insertUpdate: db.prepare('INSERT INTO updates (memo_id, seq, data, user_id, party_id, created_at, touched) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      latestCheckpoint: db.prepare<[string], { seq: number; state: Buffer }>(
        'SELECT seq, state FROM checkpoints WHERE memo_id = ? ORDER BY seq DESC LIMIT 1',
      ),
      updatesAfter: db.prepare<[string, number, number], UpdateRow>(
        'SELECT seq, data, user_id, party_id, created_at FROM updates WHERE memo_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      checkpointAtOrBefore: db.prepare<[string, number], { seq: number; state: Buffer }>(
        'SELECT seq, state FROM checkpoints WHERE memo_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
      ),
      updatesBetween: db.prepare<[string, number, number], UpdateRow>(
        'SELECT seq, data, user_id, party_id, created_at FROM updates WHERE memo_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
      ),
      updateMetaBefore: db.prepare<[string, number, number], UpdateMetaRow>(
        'SELECT seq, user_id, party_id, created_at, touched FROM updates WHERE memo_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
      claimClientId: db.prepare('INSERT OR IGNORE INTO client_ids (memo_id, client_id, user_id) VALUES (?, ?, ?)'),
      clientOwners: db.prepare<[string], { client_id: number; user_id: string | null }>(
        'SELECT client_id, user_id FROM client_ids WHERE memo_id = ?',
      ),
      lastAudit: db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM audit WHERE memo_id = ? ORDER BY seq DESC LIMIT 1'),
      insertAudit: db.prepare(
        'INSERT INTO audit (memo_id, seq, at, type, user_id, party_id, clause_id, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      listAudit: db.prepare<[string], AuditRow>('SELECT * FROM audit WHERE memo_id = ? ORDER BY seq'),
      insertRevision: db.prepare('INSERT INTO named_revisions (memo_id, seq, name, kind, user_id, at) VALUES (?, ?, ?, ?, ?, ?)'),
      listRevisions: db.prepare<[string], RevisionRow>('SELECT * FROM named_revisions WHERE memo_id = ? ORDER BY id'),
      insertCheckpointIndex: db.prepare('INSERT OR REPLACE INTO checkpoint_index (memo_id, seq, digest, state_vector) VALUES (?, ?, ?, ?)'),
      insertCheckpointSegment: db.prepare('INSERT OR REPLACE INTO checkpoint_segments (memo_id, seq, key, data) VALUES (?, ?, ?, ?)'),
      checkpointIndexAtOrBefore: db.prepare<[string, number], { seq: number; digest: Buffer; state_vector: Buffer }>(
        'SELECT seq, digest, state_vector FROM checkpoint_index WHERE memo_id = ? AND seq <= ? ORDER BY seq DESC LIMIT 1',
      ),
      checkpointSegment: db.prepare<[string, number, string], { data: Buffer }>('SELECT data FROM checkpoint_segments WHERE memo_id = ? AND seq = ? AND key = ?'),
      insertCheckpoint: db.prepare(
        'INSERT OR REPLACE INTO checkpoints (memo_id, seq, state, created_at) VALUES (?, ?, ?, ?)',
      ),
    };
  }

  async createUser(user: NewUser): Promise<UserRecord> {
    this.stmt.insertUser.run(user.id, user.email, user.name, user.passwordHash, user.createdAt);
    return { ...user, locale: null };
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = this.stmt.userByEmail.get(email);
    return row ? toUser(row) : null;
  }

  async findUserById(id: UserId): Promise<UserRecord | null> {
    const row = this.stmt.userById.get(id);
    return row ? toUser(row) : null;
  }

  async setUserLocale(id: UserId, locale: Locale): Promise<void> {
    this.stmt.setUserLocale.run(locale, id);
  }

  async countUsers(): Promise<number> {
    return this.stmt.countUsers.get()!.n;
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.stmt.insertSession.run(session.tokenHash, session.userId, session.createdAt, session.expiresAt);
  }

  async findSession(tokenHash: string): Promise<SessionRecord | null> {
    const row = this.stmt.sessionByHash.get(tokenHash);
    return row ? { tokenHash: row.token_hash, userId: row.user_id as UserId, createdAt: row.created_at, expiresAt: row.expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.stmt.deleteSession.run(tokenHash);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    return this.stmt.deleteExpired.run(now).changes;
  }

  async createMemo(memo: MemoRecord, members: MemberRecord[], initial: AppendEntry): Promise<void> {
    this.db.transaction(() => {
      this.stmt.insertMemo.run(memo.id, memo.title, memo.ownerId, JSON.stringify(memo.parties), JSON.stringify(memo.languages), memo.createdAt);
      for (const m of members) this.stmt.putMember.run(m.memoId, m.userId, m.partyId, m.role);
      this.stmt.insertUpdate.run(memo.id, 1, initial.update, initial.userId, initial.partyId, initial.createdAt, touchedColumn(initial));
      for (const client of initial.clientIds ?? []) this.stmt.claimClientId.run(memo.id, client, initial.userId);
    })();
  }

  async getMemo(id: MemoId): Promise<MemoRecord | null> {
    const row = this.stmt.memoById.get(id);
    return row ? toMemo(row) : null;
  }

  async setMemoTitle(id: MemoId, title: string): Promise<void> {
    this.stmt.setTitle.run(title, id);
  }

  async listMemosOf(userId: UserId): Promise<Array<{ memo: MemoRecord; member: MemberRecord }>> {
    return this.stmt.memosOf.all(userId).map((row) => ({ memo: toMemo(row), member: toMember(row) }));
  }

  async getMember(memoId: MemoId, userId: UserId): Promise<MemberRecord | null> {
    const row = this.stmt.member.get(memoId, userId);
    return row ? toMember(row) : null;
  }

  async listMembers(memoId: MemoId): Promise<MemberRecord[]> {
    return this.stmt.members.all(memoId).map(toMember);
  }

  async putMember(member: MemberRecord): Promise<void> {
    this.stmt.putMember.run(member.memoId, member.userId, member.partyId, member.role);
  }

  async removeMember(memoId: MemoId, userId: UserId): Promise<boolean> {
    return this.stmt.removeMember.run(memoId, userId).changes > 0;
  }

  async appendUpdates(memoId: MemoId, entries: readonly AppendEntry[]): Promise<number[]> {
    return this.db.transaction(() => {
      let seq = this.stmt.lastSeq.get(memoId)?.seq ?? 0;
      const seqs: number[] = [];
      for (const e of entries) {
        seq += 1;
        this.stmt.insertUpdate.run(memoId, seq, e.update, e.userId, e.partyId, e.createdAt, touchedColumn(e));
        for (const client of e.clientIds ?? []) this.stmt.claimClientId.run(memoId, client, e.userId);
        for (const entry of e.audit ?? []) this.insertAudit(memoId, entry);
        seqs.push(seq);
      }
      return seqs;
    })();
  }

  async loadClientOwners(memoId: MemoId): Promise<Map<number, UserId | null>> {
    return new Map(this.stmt.clientOwners.all(memoId).map((r) => [r.client_id, r.user_id as UserId | null]));
  }

  async loadDocument(memoId: MemoId): Promise<StoredDocument> {
    return this.db.transaction(() => {
      const cp = this.stmt.latestCheckpoint.get(memoId);
      const tail = this.stmt.updatesAfter.all(memoId, cp?.seq ?? 0, Number.MAX_SAFE_INTEGER).map(toUpdate);
      return { checkpoint: cp ? { seq: cp.seq, state: new Uint8Array(cp.state) } : null, tail };
    })();
  }

  async writeCheckpoint(memoId: MemoId, seq: number, state: Uint8Array): Promise<void> {
    this.stmt.insertCheckpoint.run(memoId, seq, state, Date.now());
  }

  async listUpdates(memoId: MemoId, afterSeq: number, limit: number): Promise<StoredUpdate[]> {
    return this.stmt.updatesAfter.all(memoId, afterSeq, limit).map(toUpdate);
  }

  async loadCheckpointAtOrBefore(memoId: MemoId, seq: number): Promise<{ seq: number; state: Uint8Array } | null> {
    const row = this.stmt.checkpointAtOrBefore.get(memoId, seq);
    return row ? { seq: row.seq, state: new Uint8Array(row.state) } : null;
  }

  async writeCheckpointIndex(memoId: MemoId, seq: number, index: CheckpointIndexData): Promise<void> {
    this.db.transaction(() => {
      this.stmt.insertCheckpointIndex.run(memoId, seq, index.digest, index.stateVector);
      for (const [key, data] of index.segments) this.stmt.insertCheckpointSegment.run(memoId, seq, key, data);
    })();
  }

  async loadCheckpointIndexAtOrBefore(memoId: MemoId, seq: number): Promise<{ seq: number; digest: Uint8Array; stateVector: Uint8Array } | null> {
    const row = this.stmt.checkpointIndexAtOrBefore.get(memoId, seq);
    return row ? { seq: row.seq, digest: new Uint8Array(row.digest), stateVector: new Uint8Array(row.state_vector) } : null;
  }

  async loadCheckpointSegments(memoId: MemoId, seq: number, keys: Iterable<string>): Promise<Map<string, Uint8Array>> {
    const found = new Map<string, Uint8Array>();
    for (const key of keys) {
      const row = this.stmt.checkpointSegment.get(memoId, seq, key);
      if (row) found.set(key, new Uint8Array(row.data));
    }
    return found;
  }

  async listUpdatesBetween(memoId: MemoId, afterSeq: number, toSeq: number): Promise<StoredUpdate[]> {
    return this.stmt.updatesBetween.all(memoId, afterSeq, toSeq).map(toUpdate);
  }

  async listUpdateMeta(memoId: MemoId, beforeSeq: number, limit: number): Promise<UpdateMeta[]> {
    return this.stmt.updateMetaBefore.all(memoId, beforeSeq, limit).map((r) => ({
      seq: r.seq,
      userId: r.user_id as UserId | null,
      partyId: r.party_id as PartyId | null,
      createdAt: r.created_at,
      touched: r.touched === null ? null : r.touched === '' ? [] : r.touched.split('\n'),
    }));
  }

  async lastSeq(memoId: MemoId): Promise<number> {
    return this.stmt.lastSeq.get(memoId)?.seq ?? 0;
  }

  async appendAudit(memoId: MemoId, entry: NewAuditEntry): Promise<AuditEntry> {
    return this.db.transaction(() => this.insertAudit(memoId, entry))();
  }

  // The next link of the memo's audit chain; callers run it inside a transaction.
  private insertAudit(memoId: MemoId, entry: NewAuditEntry): AuditEntry {
    const last = this.stmt.lastAudit.get(memoId);
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = auditHash(memoId, seq, prevHash, entry);
    this.stmt.insertAudit.run(memoId, seq, entry.at, entry.type, entry.userId, entry.partyId, entry.clauseId, JSON.stringify(entry.data), prevHash, hash);
    return { ...entry, seq, prevHash, hash };
  }

  async listAudit(memoId: MemoId): Promise<AuditEntry[]> {
    return this.stmt.listAudit.all(memoId).map((r) => ({
      seq: r.seq,
      at: r.at,
      type: r.type,
      userId: r.user_id as UserId | null,
      partyId: r.party_id as PartyId | null,
      clauseId: r.clause_id,
      data: JSON.parse(r.data) as Record<string, unknown>,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }

  async addNamedRevision(memoId: MemoId, revision: NewNamedRevision): Promise<NamedRevision> {
    return this.db.transaction(() => {
      const seq = this.stmt.lastSeq.get(memoId)?.seq ?? 0;
      const id = Number(this.stmt.insertRevision.run(memoId, seq, revision.name, revision.kind, revision.userId, revision.at).lastInsertRowid);
      return { ...revision, id, seq };
    })();
  }

  async listNamedRevisions(memoId: MemoId): Promise<NamedRevision[]> {
    return this.stmt.listRevisions.all(memoId).map((r) => ({ id: r.id, seq: r.seq, name: r.name, kind: r.kind, userId: r.user_id as UserId | null, at: r.at }));
  }

  /** Test hook for AU1: lets a test tamper with a stored audit entry the way an attacker with file access could. */
  rawExec(sql: string, ...params: unknown[]): void {
    this.db.prepare(sql).run(...params);
  }

  async integrityCheck(): Promise<string[]> {
    const rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }
}

// Touch keys are ids and language codes (no newlines), so a newline-joined column is unambiguous and cheap to split.
const touchedColumn = (entry: AppendEntry): string | null => (entry.touched ? entry.touched.join('\n') : null);

/** Schema changes for data folders created by earlier versions (CREATE TABLE IF NOT EXISTS does not add columns). */
function migrate(db: Database.Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('updates')").all();
  // History (issue 4): what each update touched, written at commit; NULL for rows stored before.
  if (!columns.some((c) => c.name === 'touched')) db.exec('ALTER TABLE updates ADD COLUMN touched TEXT');
}

const toUser = (row: UserRow): UserRecord => ({
  id: row.id as UserId,
  email: row.email,
  name: row.name,
  passwordHash: row.password_hash,
  // A value written by another version (or by hand) that this one does not ship reads as "not chosen".
  locale: isLocale(row.locale) ? row.locale : null,
  createdAt: row.created_at,
});

const toMemo = (row: MemoRow): MemoRecord => ({
  id: row.id as MemoId,
  title: row.title,
  ownerId: row.owner_id as UserId,
  parties: JSON.parse(row.parties) as Party[],
  languages: JSON.parse(row.languages) as LanguageCode[],
  createdAt: row.created_at,
});

const toMember = (row: MemberRow): MemberRecord => ({
  memoId: row.memo_id as MemoId,
  userId: row.user_id as UserId,
  partyId: row.party_id as PartyId | null,
  role: row.role as Role,
});

const toUpdate = (row: UpdateRow): StoredUpdate => ({
  seq: row.seq,
  update: new Uint8Array(row.data),
  userId: row.user_id as UserId | null,
  partyId: row.party_id as PartyId | null,
  createdAt: row.created_at,
});
