import * as Y from 'yjs';
import type { ClauseId, MemoId, PartyId, UserId } from '@accord/shared/ids';
import { canonicalFragment, stableStringify } from '@accord/shared/memo/canonical';
import { canEdit } from '@accord/shared/memo/schema';
import { clauseIdsOf } from '@accord/shared/memo/structure';
import { getClauseText, OUTLINE_ROOT, readOutline } from '@accord/shared/memo/ydocLayout';
import type {
  ClauseHistory,
  RestoreResult,
  RevisionComparison,
  RevisionDetail,
  RevisionLabel,
  RevisionPage,
  RevisionSummary,
  SpanAuthor,
} from '@accord/shared/history/schema';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { Actor } from '../signoff/AgreementService';
import type { MemoRecord, NamedRevision, Storage, UpdateMeta } from '../storage/Storage';
import type { DocumentRegistry } from '../sync/DocumentRegistry';
import type { DocumentPeer } from '../sync/MemoDocument';
import { RefusedUpdate } from '../sync/RefusedUpdate';
import { indexedDigest } from './checkpointIndex';
import { compareRevisions } from './compareRevisions';
import { groupRevisions, groupTouches, kindOf, type RevisionGroup } from './groupRevisions';
import { revisionDetail } from './revisionDetail';
import { revisionDigest, type RevisionDigest } from './revisionDigest';
import { SnapshotCache } from './SnapshotCache';

/** Rows read per step while grouping a page of revisions. */
const ROWS_PER_READ = 2000;
/** Compare reads the touch keys between two revisions only when they are at most this many updates apart. */
const TOUCH_SCAN_LIMIT = 5000;

/**
 * Revision history (HI1, HI2): the revision list, the memo rebuilt at any
 * revision, comparison of two revisions, naming, and restore.
 *
 * Rebuilding never touches the live document: it starts from the newest
 * stored checkpoint at or before the revision (checkpoints are kept, see
 * Storage.writeCheckpoint) and applies the log tail up to it. The live
 * document keeps Yjs garbage collection on; history lives in the log.
 * Compare needs no rebuild in the common case: it reads each revision from
 * its checkpoint's index plus the few clauses the tail touched
 * (checkpointIndex.ts), and rebuilds only when the index cannot answer.
 */
export class HistoryService {
  private readonly cache: SnapshotCache<Y.Doc>;
  /** Complete compare digests of recent revisions (the slider's revision compared with others, again and again). */
  private readonly digests: SnapshotCache<RevisionDigest>;

  constructor(
    private readonly storage: Storage,
    private readonly registry: DocumentRegistry,
    options: { cachedSnapshots?: number } = {},
  ) {
    this.cache = new SnapshotCache(options.cachedSnapshots ?? 8);
    this.digests = new SnapshotCache(options.cachedSnapshots ?? 8);
  }

  /**
   * The memo as a fresh Y.Doc exactly as it was after update `revision`.
   * The caller owns it (and may destroy it). This is the seam for anything
   * that reads an old state, e.g. the record of agreement at a revision.
   */
  async rebuild(memoId: MemoId, revision: number): Promise<Y.Doc> {
    await this.committed(memoId);
    await this.requireRevision(memoId, revision);
    return this.build(memoId, revision);
  }

  /** A page of the revision timeline, newest first, starting below `before` (exclusive; default: the newest). */
  async listRevisions(memo: MemoRecord, options: { before?: number; limit?: number } = {}): Promise<RevisionPage> {
    await this.committed(memo.id);
    const latest = await this.storage.lastSeq(memo.id);
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const labels = await this.labelsBySeq(memo.id);
    const labelled = new Set(labels.keys());
    const before = Math.min(options.before ?? latest + 1, latest + 1);
    const groups: RevisionGroup[] = [];
    // Rows not yet in a complete group, newest first. A group is complete once an older row does not join it.
    let rows: UpdateMeta[] = [];
    let cursor = before;
    let exhausted = false;
    while (groups.length < limit) {
      const next = exhausted ? [] : await this.storage.listUpdateMeta(memo.id, cursor, ROWS_PER_READ);
      if (next.length < ROWS_PER_READ) exhausted = true;
      if (next.length > 0) cursor = next[next.length - 1]!.seq;
      rows = rows.concat(next);
      const grouped = groupRevisions(rows, labelled);
      groups.push(...grouped.groups);
      const open = grouped.open;
      if (!open) break;
      if (exhausted) {
        groups.push(open);
        break;
      }
      rows = rows.filter((r) => r.seq <= open.rev);
    }
    const page = groups.slice(0, limit);
    const last = page[page.length - 1];
    const nextBefore = last && last.firstSeq > 1 ? last.firstSeq : null;
    const names = await this.userNames(page.flatMap((g) => [g.userId, ...(labels.get(g.rev) ?? []).map((l) => l.userId)]));
    return { revisions: page.map((g) => this.summary(g, labels.get(g.rev) ?? [], names)), nextBefore, latest };
  }

  /** The memo's structure and clause texts at a revision. */
  async detail(memo: MemoRecord, revision: number): Promise<RevisionDetail> {
    const doc = await this.snapshot(memo.id, revision);
    return revisionDetail(memo, revision, doc);
  }

  /** Per-clause, per-language comparison of two revisions (HI1), with authorship. */
  async compare(memo: MemoRecord, from: number, to: number): Promise<RevisionComparison> {
    await this.committed(memo.id);
    await this.requireRevision(memo.id, from);
    await this.requireRevision(memo.id, to);
    const touched = await this.touchedBetween(memo.id, Math.min(from, to), Math.max(from, to));
    // Only the language versions the log touched in between can differ. When the outline changed, clauses may
    // have been added or deleted (their whole text is shown), so every version is read.
    const roots = touched && !touched.has(OUTLINE_ROOT) ? touched : null;
    const [digestFrom, digestTo] = await Promise.all([this.digest(memo, from, roots), this.digest(memo, to, roots)]);
    const authorOf = await this.authorResolver(memo.id);
    return compareRevisions(memo, digestFrom, digestTo, authorOf, touched ? (root) => !touched.has(root) : undefined);
  }

  /** Names the current state ("Draft sent to capitals, 14 Feb"). Observers cannot (SE1). */
  async nameRevision(memo: MemoRecord, actor: Actor, name: string): Promise<RevisionLabel> {
    requireWriter(actor);
    await this.committed(memo.id);
    const label = await this.storage.addNamedRevision(memo.id, { name, kind: 'manual', userId: actor.user.id, at: new Date().toISOString() });
    return { id: label.id, rev: label.seq, name: label.name, kind: label.kind, userId: label.userId, userName: actor.user.name, at: label.at };
  }

  /**
   * Restores clause texts (every language version) to how they were at
   * `revision` (HI2): a new change on top of history, attributed to the
   * person restoring, through the same pipeline as a live edit — so the lock
   * check (LK1) and bracket ownership apply to it exactly as to typing.
   * `clauseIds` null = every unlocked clause. A locked clause named
   * explicitly is refused with 423; with null it is skipped and reported.
   */
  async restore(memo: MemoRecord, actor: Actor, revision: number, clauseIds: ClauseId[] | null): Promise<RestoreResult> {
    requireWriter(actor);
    const past = await this.snapshot(memo.id, revision);
    const pastIds = new Set(clauseIdsOf(readOutline(past)));
    const open = await this.registry.acquire(memo);
    const peer = restorePeer(actor);
    try {
      await open.whenCommitted();
      const liveIds = clauseIdsOf(readOutline(open.doc));
      const targets = clauseIds ?? liveIds.filter((id) => pastIds.has(id));
      const skippedLocked: ClauseId[] = [];
      for (const id of targets) {
        if (!liveIds.includes(id)) throw new AccordError(ErrorCode.notFound, `clause ${id} is not in the memo now`);
        if (!pastIds.has(id)) throw new AccordError(ErrorCode.notFound, `clause ${id} did not exist at revision ${revision}`);
      }
      const differs = (id: ClauseId): boolean =>
        memo.languages.some((l) => canonicalText(getClauseText(open.doc, id, l)) !== canonicalText(getClauseText(past, id, l)));
      const toRestore: ClauseId[] = [];
      for (const id of targets) {
        if (open.locked.has(id)) {
          if (clauseIds !== null) {
            throw new AccordError(ErrorCode.locked, `clause ${id} is agreed and locked: its text cannot be restored (request reopening first)`, { clauseId: id });
          }
          skippedLocked.push(id);
        } else if (differs(id)) toRestore.push(id);
      }
      if (toRestore.length === 0) return { revision: await this.storage.lastSeq(memo.id), restored: [], skippedLocked };

      // Write the old text in a copy of the live state under a fresh Yjs client id, then feed the difference
      // through receiveUpdate as this person's edit: their client id is registered to them (authorship in compare).
      const scratch = new Y.Doc();
      Y.applyUpdate(scratch, Y.encodeStateAsUpdate(open.doc));
      const before = Y.encodeStateVector(scratch);
      scratch.transact(() => {
        for (const id of toRestore) {
          for (const lang of memo.languages) {
            const source = getClauseText(past, id, lang);
            const target = getClauseText(scratch, id, lang);
            if (canonicalText(source) === canonicalText(target)) continue;
            if (target.length > 0) target.delete(0, target.length);
            target.insert(0, source.toArray().map((node) => node.clone() as Y.XmlElement | Y.XmlText));
          }
        }
      });
      const update = Y.encodeStateAsUpdate(scratch, before);
      scratch.destroy();
      try {
        open.receiveUpdate(peer, update);
      } catch (error) {
        // The pipeline refused it (memo reloading, a layout rule): nothing was applied; say why as an API error.
        if (error instanceof RefusedUpdate) throw new AccordError(error.code, `restore refused: ${error.message}`);
        throw error;
      }
      await open.whenCommitted();
      // A restore that would add or remove another party's bracket is undone by the pipeline: say so.
      const failed = toRestore.filter(differs);
      if (failed.length > 0 && clauseIds !== null) {
        throw new AccordError(ErrorCode.forbidden, `clause ${failed[0]} could not be restored: it would add or remove another party's bracket`, { clauseId: failed[0] });
      }
      const restored = toRestore.filter((id) => !failed.includes(id));
      const name = restored.length === 1 ? `Clause ${restored[0]} restored to revision ${revision}` : `${restored.length} clauses restored to revision ${revision}`;
      const label = await this.storage.addNamedRevision(memo.id, { name, kind: 'restore', userId: actor.user.id, at: new Date().toISOString() });
      return { revision: label.seq, restored, skippedLocked };
    } finally {
      await this.registry.release(open, peer);
    }
  }

  /** One clause's timeline: revisions that changed its text or agreement state, and its audit events. */
  async clauseHistory(memo: MemoRecord, clauseId: ClauseId, limit = 200): Promise<ClauseHistory> {
    const revisions: RevisionSummary[] = [];
    let before: number | undefined;
    // Walk the timeline in pages; stop at `limit` matches or the beginning.
    for (;;) {
      const page = await this.listRevisions(memo, { before, limit: 500 });
      for (const r of page.revisions) {
        if (r.clauses.includes(clauseId) || r.agreementClauses.includes(clauseId) || r.kind === 'created' || !r.touchesKnown) revisions.push(r);
      }
      if (page.nextBefore === null || revisions.length >= limit) break;
      before = page.nextBefore;
    }
    const events = (await this.storage.listAudit(memo.id))
      .filter((e) => e.clauseId === clauseId)
      .map((e) => ({ seq: e.seq, at: e.at, type: e.type, userId: e.userId, partyId: e.partyId, data: e.data }));
    return { clauseId, revisions: revisions.slice(0, limit), events };
  }

  /**
   * Touch keys of the updates in (low, high], or null when unknown (a row stored without them) or not
   * worth reading: past TOUCH_SCAN_LIMIT rows nearly every clause has changed anyway and the scan would cost more.
   */
  private async touchedBetween(memoId: MemoId, low: number, high: number): Promise<Set<string> | null> {
    if (high - low > TOUCH_SCAN_LIMIT) return null;
    const keys = new Set<string>();
    for (const row of await this.storage.listUpdateMeta(memoId, high + 1, high - low)) {
      if (row.touched === null) return null;
      for (const key of row.touched) keys.add(key);
    }
    return keys;
  }

  /** A rebuilt revision shared read-only through the cache (never mutate or destroy it). */
  private async snapshot(memoId: MemoId, revision: number): Promise<Y.Doc> {
    await this.committed(memoId);
    await this.requireRevision(memoId, revision);
    return this.cache.get(`${memoId}@${revision}`, () => this.build(memoId, revision));
  }

  /**
   * What compare reads of a revision: a complete digest from the cache; else from its checkpoint's index and the
   * clauses the log tail touched (no full rebuild); else the revision rebuilt in full and digested (`roots` only).
   * Complete digests are cached: they serve any later compare of that revision.
   */
  private async digest(memo: MemoRecord, revision: number, roots: ReadonlySet<string> | null): Promise<RevisionDigest> {
    const key = `${memo.id}@${revision}`;
    const cached = this.digests.peek(key);
    if (cached) return cached;
    const rebuilt = async (wanted: ReadonlySet<string> | null): Promise<RevisionDigest> =>
      revisionDigest(await this.snapshot(memo.id, revision), revision, memo.languages, wanted);
    if (roots === null) return this.digests.get(key, async () => (await indexedDigest(this.storage, memo, revision)) ?? rebuilt(null));
    const indexed = await indexedDigest(this.storage, memo, revision);
    return indexed ? this.digests.get(key, async () => indexed) : rebuilt(roots);
  }

  private async build(memoId: MemoId, revision: number): Promise<Y.Doc> {
    const checkpoint = await this.storage.loadCheckpointAtOrBefore(memoId, revision);
    const tail = await this.storage.listUpdatesBetween(memoId, checkpoint?.seq ?? 0, revision);
    const doc = new Y.Doc({ gc: true });
    doc.transact(() => {
      if (checkpoint) Y.applyUpdate(doc, checkpoint.state);
      for (const u of tail) Y.applyUpdate(doc, u.update);
    });
    return doc;
  }

  private async requireRevision(memoId: MemoId, revision: number): Promise<void> {
    if (!Number.isInteger(revision) || revision < 1 || revision > (await this.storage.lastSeq(memoId))) {
      throw new AccordError(ErrorCode.notFound, `no revision ${revision} in this memo`);
    }
  }

  // History reads storage: wait until everything the live document accepted is stored (DU1 order).
  private async committed(memoId: MemoId): Promise<void> {
    const open = await this.registry.peek(memoId).catch(() => null);
    if (open) await open.whenCommitted();
  }

  private async labelsBySeq(memoId: MemoId): Promise<Map<number, NamedRevision[]>> {
    const bySeq = new Map<number, NamedRevision[]>();
    for (const label of await this.storage.listNamedRevisions(memoId)) {
      const list = bySeq.get(label.seq) ?? [];
      list.push(label);
      bySeq.set(label.seq, list);
    }
    return bySeq;
  }

  private async userNames(ids: Array<UserId | null>): Promise<Map<UserId, string>> {
    const names = new Map<UserId, string>();
    for (const id of new Set(ids)) {
      if (id === null) continue;
      const user = await this.storage.findUserById(id);
      if (user) names.set(id, user.name);
    }
    return names;
  }

  private summary(group: RevisionGroup, labels: NamedRevision[], names: Map<UserId, string>): RevisionSummary {
    const touches = groupTouches(group);
    return {
      rev: group.rev,
      firstSeq: group.firstSeq,
      kind: kindOf(group, labels),
      labels: labels.map((l) => ({ id: l.id, rev: l.seq, name: l.name, kind: l.kind, userId: l.userId, userName: l.userId ? (names.get(l.userId) ?? null) : null, at: l.at })),
      userId: group.userId,
      userName: group.userId ? (names.get(group.userId) ?? null) : null,
      partyId: group.partyId,
      startedAt: new Date(group.startedAt).toISOString(),
      at: new Date(group.at).toISOString(),
      updates: group.updates,
      clauses: [...touches.text],
      agreementClauses: [...touches.agreement],
      structure: touches.outline,
      headings: touches.headings,
      touchesKnown: group.touchesKnown,
    };
  }

  /** Client id → the person and party who wrote under it (the registry persisted with the log). */
  private async authorResolver(memoId: MemoId): Promise<(client: number) => SpanAuthor> {
    const owners = await this.storage.loadClientOwners(memoId);
    const members = new Map((await this.storage.listMembers(memoId)).map((m) => [m.userId, m.partyId] as const));
    const names = await this.userNames([...new Set(owners.values())]);
    const server: SpanAuthor = { userId: null, userName: null, partyId: null };
    // One object per person, so that compare can merge adjacent spans of the same author by identity.
    const byUser = new Map<UserId, SpanAuthor>();
    return (client) => {
      const userId = owners.get(client) ?? null;
      if (userId === null) return server;
      let author = byUser.get(userId);
      if (!author) byUser.set(userId, (author = { userId, userName: names.get(userId) ?? null, partyId: (members.get(userId) ?? null) as PartyId | null }));
      return author;
    };
  }
}

const canonicalText = (fragment: Y.XmlFragment): string => stableStringify(canonicalFragment(fragment));

function requireWriter(actor: Actor): void {
  if (!canEdit(actor.member.role)) throw new AccordError(ErrorCode.forbidden, 'observers cannot change the memo or its history');
}

let restorePeers = 0;

/** A peer standing for one restore request: it is never connected, so it needs no messages. */
function restorePeer(actor: Actor): DocumentPeer {
  restorePeers += 1;
  return {
    // Negative ids never collide with socket connections (which count up from 1).
    id: -restorePeers,
    userId: actor.user.id,
    partyId: actor.member.partyId,
    extensions: false,
    send: () => undefined,
    close: () => undefined,
  };
}
