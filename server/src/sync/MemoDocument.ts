import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as encoding from 'lib0/encoding';
import type { MemoId, PartyId, UserId } from '@accord/shared/ids';
import { MessageType, SyncStep, encodeAck, encodeNotice } from '@accord/shared/protocol/messages';
import { ErrorCode } from '@accord/shared/protocol/errors';
import type { ClauseId } from '@accord/shared/ids';
import { getAgreementMap } from '@accord/shared/memo/agreement';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { getTitle, OUTLINE_ROOT, parseRootName, readOutline, titleRoot, type OutlineEntry } from '@accord/shared/memo/ydocLayout';
import { countBrackets, hasBracketFormat, othersBracketsChanged, ownBracketChanges, type BracketCount } from '../locks/bracketCheck';
import { hasViolation, lockCheck, type LockViolation } from '../locks/lockCheck';
import { restoreClause, restoreOutline, sectionPaths, snapshotClause, type ClauseSnapshot } from '../locks/restoreLocked';
import { indexCheckpoint, type IndexedState } from '../history/checkpointIndex';
import { touchedKeys } from '../history/touchedKeys';
import type { AppendEntry, MemoRecord, NewAuditEntry, Storage, StoredDocument } from '../storage/Storage';
import { checkLayout } from './checkLayout';
import { inspectUpdate, type UpdateInspection } from './inspectUpdate';
import { RefusedUpdate } from './RefusedUpdate';
import { isTransactionOrigin, type TransactionOrigin } from './transactionOrigin';
import { OutgoingFrame } from './OutgoingFrame';
import { EMPTY_UPDATE, syncMessage } from './syncMessage';

/** What a MemoDocument needs from a connection: a way to send, and who is behind it. */
export interface DocumentPeer {
  readonly id: number;
  readonly userId: UserId;
  readonly partyId: PartyId | null;
  /** Whether the peer understands Accord's own message types (acks, notices). */
  readonly extensions: boolean;
  send(message: Uint8Array): void;
  /**
   * Sends frames shared by many peers (a broadcast, framed once) in one write,
   * e.g. a commit's broadcast and this peer's ack. Peers without it get each
   * frame through `send`.
   */
  sendFrames?(frames: readonly OutgoingFrame[]): void;
  close(code: number, reason: string): void;
}

/** How a memo groups updates into commits (see Config). */
export interface CommitOptions {
  commitWindowMs: number;
  commitWindowMaxMs: number;
  sendBudgetPerSecond: number;
  checkpointEvery: number;
  checkpointMinIntervalMs: number;
}

/**
 * How often presence (carets, selections, who is here) is relayed, at most.
 * Fast enough that a caret follows typing; slow enough that a plenary of
 * hundreds moving carets costs each peer at most 20 presence frames a second.
 */
export const PRESENCE_INTERVAL_MS = 50;

/** Thrown when a memo cannot be loaded completely (DU2): it is refused, never served empty. */
export class DocumentLoadError extends Error {
  override readonly name = 'DocumentLoadError';
}

interface PendingEntry extends AppendEntry {
  peer: DocumentPeer | null;
}

/**
 * One open memo: its Y.Doc, presence, connected peers and the commit pipeline.
 *
 * Incoming update → inspect (resolve what it touches) → check layout → apply
 * → queue → group commit (one transaction per short window) → broadcast the
 * merged result once → acknowledge each sender (DU1). Nothing is sent to
 * anyone before the transaction holding it has committed.
 */
export class MemoDocument {
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<DocumentPeer>();
  private pending: PendingEntry[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  /**
   * The sync step 2 answering an empty client (a page opening the memo) while the document has not
   * changed: the stored checkpoint when the memo loads with no tail, else encoded once for the first
   * such client. Building it for a 1,000-clause memo takes ~0.2 s; every change drops it.
   */
  private wholeState: Uint8Array | null = null;
  /** The stored state this document was loaded from (what StoredStatePush sends): its last seq and state vector. */
  private readonly loadedSeq: number;
  private readonly loadedStateVector: Uint8Array;
  /** When the last checkpoint was written (ms since the epoch; 0: none since load). */
  private lastCheckpointAt = 0;
  private flushing: Promise<void> = Promise.resolve();
  private sinceCheckpoint = 0;
  /** The last history index stored from this document (null until one is: the first one reads everything). */
  private indexed: IndexedState | null = null;
  /** Touch keys of every update committed since that index; null when one is unknown. */
  private touchedSinceIndex: Set<string> | null = new Set();
  /** Changes applied to the doc but not yet stored (a checkpoint is only exact when this is 0). */
  private uncommitted = 0;
  private lastSeq: number;
  private failed = false;
  /** Client ids each peer has written (its acks report their stored clocks). */
  private readonly written = new Map<DocumentPeer, Set<number>>();
  /** Which peer announced which awareness client id. */
  private readonly awarenessOwners = new Map<number, DocumentPeer>();

  private constructor(
    readonly memo: MemoRecord,
    private readonly storage: Storage,
    private readonly options: CommitOptions,
    doc: Y.Doc,
    lastSeq: number,
    sinceCheckpoint: number,
    /** The client-id registry: who wrote each Yjs client id (null = the server). */
    private readonly clientOwners: Map<number, UserId | null>,
    private readonly onFailure: (doc: MemoDocument) => void,
    /** The stored checkpoint when no update follows it: the document's whole state as loaded. */
    wholeState: Uint8Array | null,
  ) {
    this.doc = doc;
    this.lastSeq = lastSeq;
    this.sinceCheckpoint = sinceCheckpoint;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    if (wholeState) this.wholeState = syncMessage(SyncStep.step2, wholeState);
    this.loadedSeq = lastSeq;
    this.loadedStateVector = Y.encodeStateVector(doc);
    const agreement = getAgreementMap(doc);
    const refreshLocks = (): void => {
      this.locked = new Set([...agreement.entries()].filter(([, a]) => a?.locked).map(([id]) => id as ClauseId));
    };
    agreement.observe(refreshLocks);
    refreshLocks();
  }

  /** Clause ids that are locked now (kept in step with the `agreement` map). */
  locked: ReadonlySet<ClauseId> = new Set();

  /**
   * Loads checkpoint + log tail completely before anyone is synced (DU2).
   * `onStored` hears the stored rows as soon as they are read, before the
   * (long) decoding: pages opening the memo meanwhile get them at once
   * (StoredStatePush); when it says someone takes them, the load yields once
   * so that their bytes go out first.
   */
  static async load(
    memo: MemoRecord,
    storage: Storage,
    options: CommitOptions,
    onFailure: (doc: MemoDocument) => void,
    onStored?: (stored: StoredDocument) => boolean,
  ): Promise<MemoDocument> {
    const doc = new Y.Doc({ gc: true });
    let lastSeq = 0;
    let tailLength = 0;
    let clientOwners: Map<number, UserId | null>;
    let checkpointState: Uint8Array | null = null;
    try {
      clientOwners = await storage.loadClientOwners(memo.id);
      const stored = await storage.loadDocument(memo.id);
      // Yield only when a page is waiting for these rows: otherwise loading stays one step, as it was.
      if (onStored?.(stored)) await new Promise((resolve) => setImmediate(resolve));
      const origin: TransactionOrigin = { source: 'load' };
      if (stored.checkpoint) {
        checkpointState = stored.checkpoint.state;
        Y.applyUpdate(doc, stored.checkpoint.state, origin);
        lastSeq = stored.checkpoint.seq;
      }
      for (const u of stored.tail) {
        Y.applyUpdate(doc, u.update, origin);
        lastSeq = u.seq;
      }
      tailLength = stored.tail.length;
    } catch (error) {
      doc.destroy();
      throw new DocumentLoadError(`memo ${memo.id} could not be loaded: ${(error as Error).message}`);
    }
    if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      doc.destroy();
      throw new DocumentLoadError(`memo ${memo.id} has stored updates with missing dependencies`);
    }
    return new MemoDocument(memo, storage, options, doc, lastSeq, tailLength, clientOwners, onFailure, tailLength === 0 ? checkpointState : null);
  }

  get id(): MemoId {
    return this.memo.id;
  }

  /** Adds a peer and starts the y-websocket handshake (sync step 1 and current presence). */
  addPeer(peer: DocumentPeer): void {
    this.peers.add(peer);
    peer.send(syncMessage(SyncStep.step1, Y.encodeStateVector(this.doc)));
    const states = this.awareness.getStates();
    if (states.size > 0) peer.send(awarenessMessage(this.awareness, [...states.keys()]));
  }

  /** Removes a peer and its presence; resolves true when no peer is left. */
  removePeer(peer: DocumentPeer): boolean {
    this.peers.delete(peer);
    this.written.delete(peer);
    const owned = [...this.awarenessOwners].filter(([, p]) => p === peer).map(([id]) => id);
    for (const id of owned) this.awarenessOwners.delete(id);
    if (owned.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, owned, 'peer left');
    return this.peers.size === 0;
  }

  /** Answers a client's sync step 1 with what it lacks — only committed state (DU1). */
  async answerSyncStep1(peer: DocumentPeer, stateVector: Uint8Array): Promise<void> {
    await this.whenCommitted();
    const clients = Y.decodeStateVector(stateVector);
    const empty = clients.size === 0;
    if (empty && this.wholeState) {
      peer.send(this.wholeState);
    } else {
      const message = syncMessage(SyncStep.step2, Y.encodeStateAsUpdate(this.doc, stateVector));
      if (empty) this.wholeState = message;
      peer.send(message);
    }
    // A client reconnecting after its edits were stored but before their ack arrived would otherwise
    // wait for an ack that never comes: tell it now what of its own client ids is stored (DU1).
    if (!peer.extensions) return;
    const stored = new Map<number, number>();
    for (const client of clients.keys()) {
      if (this.clientOwners.get(client) !== peer.userId) continue;
      stored.set(client, Y.getState(this.doc.store, client));
      let written = this.written.get(peer);
      if (!written) this.written.set(peer, (written = new Set()));
      written.add(client);
    }
    if (stored.size > 0) peer.send(encodeAck(stored));
  }

  /**
   * Answers the first sync step 1 of a peer that was already sent the stored
   * state this document was loaded from (StoredStatePush): with what was
   * committed since — usually nothing — instead of the whole state again.
   */
  async answerStoredStatePeer(peer: DocumentPeer): Promise<void> {
    await this.whenCommitted();
    const since = this.lastSeq === this.loadedSeq ? EMPTY_UPDATE : Y.encodeStateAsUpdate(this.doc, this.loadedStateVector);
    peer.send(syncMessage(SyncStep.step2, since));
  }

  /**
   * Checks and applies an update from a peer (sync step 2 or update). Throws
   * RefusedUpdate, with nothing applied, when the update may not be accepted.
   */
  receiveUpdate(peer: DocumentPeer, update: Uint8Array): void {
    if (this.failed) throw new RefusedUpdate(ErrorCode.unavailable, 'memo is being reloaded');
    const inspection = inspectUpdate(this.doc, update);
    checkLayout(inspection, this.memo.languages);
    const claimed: number[] = [];
    for (const id of inspection.clientIds) {
      const owner = this.clientOwners.get(id);
      if (owner === undefined) claimed.push(id);
      else if (owner !== peer.userId) throw new RefusedUpdate(ErrorCode.forbidden, 'update is written under a client id that belongs to someone else');
    }
    // Claim now (not at commit) so that two people cannot race for the same id within one batch.
    for (const id of claimed) this.clientOwners.set(id, peer.userId);
    let clients = this.written.get(peer);
    if (!clients) this.written.set(peer, (clients = new Set()));
    for (const id of inspection.clientIds) clients.add(id);

    // The lock check (LK1): find what the update would change of locked clauses, and capture their agreed state.
    let violation: LockViolation | null = null;
    let outlineBefore: OutlineEntry[] = [];
    let touchesOutline = false;
    const snapshots = new Map<ClauseId, ClauseSnapshot>();
    if (this.locked.size > 0) {
      touchesOutline = inspection.deletedRoots.has(OUTLINE_ROOT) || inspection.items.some((i) => i.root === OUTLINE_ROOT);
      if (touchesOutline) outlineBefore = readOutline(this.doc);
      violation = lockCheck(inspection, this.locked, outlineBefore);
      for (const id of violation.clauses) snapshots.set(id, snapshotClause(this.doc, id, this.memo.languages));
    }

    // Bracket ownership: capture the (party, reason) brackets of each unlocked clause the update touches.
    // Typing (plain text inserted, nothing deleted, no bracket mark written) cannot add or remove
    // anyone's bracket span, and a clause without bracket format items has none to lose: both skip the count.
    const bracketsBefore = new Map<ClauseId, { count: BracketCount; snapshot: ClauseSnapshot }>();
    const writesBracketMark = touchesBracketMark(inspection);
    for (const [id, touch] of touchedClauses(inspection)) {
      if (this.locked.has(id)) continue;
      if (!writesBracketMark && (touch.textInsertsOnly || !hasBracketFormat(this.doc, id, this.memo.languages))) continue;
      const count = countBrackets(this.doc, id, this.memo.languages);
      if (count.size > 0 || writesBracketMark) bracketsBefore.set(id, { count, snapshot: snapshotClause(this.doc, id, this.memo.languages) });
    }

    this.newClientIds = claimed;
    const entryOfUpdate = this.pending.length;
    const origin: TransactionOrigin = { source: 'connection', connectionId: peer.id, userId: peer.userId };
    this.currentPeer = peer;
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      // Yjs threw half-way: the document in memory is in an unknown state. Treat it like a failed
      // commit — drop it unstored and reload from storage on the next open.
      this.fail(`applying an update threw: ${(error as Error).message}`);
      throw new RefusedUpdate(ErrorCode.badRequest, 'update could not be applied');
    } finally {
      this.currentPeer = null;
      this.newClientIds = [];
    }

    // Another party's brackets added or removed: that clause goes back to how it was; the rest of the update stands.
    // The writer's own brackets placed or removed become events of the clause's history, stored with the update.
    const bracketRestores: Array<[ClauseId, { count: BracketCount; snapshot: ClauseSnapshot }]> = [];
    const bracketEvents: NewAuditEntry[] = [];
    for (const [id, b] of bracketsBefore) {
      const after = countBrackets(this.doc, id, this.memo.languages);
      if (othersBracketsChanged(b.count, after, peer.partyId)) {
        bracketRestores.push([id, b]);
        continue;
      }
      for (const change of ownBracketChanges(b.count, after, peer.partyId)) {
        bracketEvents.push({ at: new Date().toISOString(), type: change.type, userId: peer.userId, partyId: change.partyId, clauseId: id, data: { reason: change.reason } });
      }
    }
    const entry = this.pending[entryOfUpdate];
    if (bracketEvents.length > 0 && entry) entry.audit = bracketEvents;
    if (bracketRestores.length > 0) {
      const restore: TransactionOrigin = { source: 'server', reason: 'brackets', actor: null };
      this.doc.transact(() => {
        for (const [id, b] of bracketRestores) restoreClause(this.doc, id, b.snapshot);
      }, restore);
      if (peer.extensions) {
        peer.send(
          encodeNotice({ code: ErrorCode.forbidden, message: "only the party that placed a bracket can add or remove it; your change to it was undone", clauseId: bracketRestores[0]![0] }),
        );
      }
    }

    // A new heading slipped between a locked clause and its own heading moves the clause into another section.
    if (violation && touchesOutline) {
      const before = sectionPaths(outlineBefore, this.locked);
      const after = sectionPaths(readOutline(this.doc), this.locked);
      for (const [id, path] of before) if (after.get(id) !== path) violation.outline.add(id as ClauseId);
    }

    // Apply-then-restore in the same step: the stored and broadcast result never shows the change (LK2),
    // the sender converges back (LK3), and its edits elsewhere in the same update stand.
    if (violation && hasViolation(violation)) {
      const isNew = newItemPredicate(inspection.items.map((i) => i.item));
      const restore: TransactionOrigin = { source: 'server', reason: 'lock', actor: null };
      this.doc.transact(() => {
        for (const [id, snapshot] of snapshots) restoreClause(this.doc, id, snapshot);
        if (violation.outline.size > 0) restoreOutline(this.doc, outlineBefore, this.locked, isNew);
      }, restore);
      const first = [...violation.clauses, ...violation.outline][0];
      if (peer.extensions) {
        peer.send(encodeNotice({ code: ErrorCode.locked, message: 'this clause is agreed and locked; your change to it was undone', ...(first ? { clauseId: first } : {}) }));
      }
    }
    if (this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null) {
      // The inspection rules this out; if it ever happens, drop the remainder rather than keep unstored state.
      this.doc.store.pendingStructs = null;
      this.doc.store.pendingDs = null;
    }
    this.awaitingAck.add(peer);
    this.scheduleFlush();
  }

  /** Applies a peer's own, already stamped awareness state (see stampAwareness). */
  applyAwareness(peer: DocumentPeer, update: Uint8Array, clientId: number): void {
    this.awarenessOwners.set(clientId, peer);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /** True when another peer speaks for this awareness client id. */
  isAwarenessIdTaken(peer: DocumentPeer, clientId: number): boolean {
    const owner = this.awarenessOwners.get(clientId);
    return owner !== undefined && owner !== peer;
  }

  /** Full presence, for a `queryAwareness` request. */
  awarenessSnapshot(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    return ids.length > 0 ? awarenessMessage(this.awareness, ids) : null;
  }

  /**
   * Runs a server-side change (sign-off, lock, reopen …) as one transaction
   * attributed to `actor`, and resolves once it is committed and broadcast.
   * `change` may throw to abort before anything is written.
   */
  async serverChange(reason: string, actor: { userId: UserId; partyId: PartyId | null } | null, change: (doc: Y.Doc) => void): Promise<void> {
    if (this.failed) throw new RefusedUpdate(ErrorCode.unavailable, 'memo is being reloaded');
    const origin: TransactionOrigin = { source: 'server', reason, actor };
    this.doc.transact(() => change(this.doc), origin);
    await this.whenCommitted();
  }

  /** Resolves once everything applied so far is committed (and broadcast). */
  async whenCommitted(): Promise<void> {
    if (this.pending.length > 0) this.flushNow();
    await this.flushing;
  }

  /** Final checkpoint and teardown; called when the last peer has left. */
  async unload(): Promise<void> {
    await this.whenCommitted();
    if (!this.failed && this.sinceCheckpoint > 0) await this.checkpoint();
    // Destroying the awareness announces its own (empty) state: nothing to relay, and no timer may keep this memo alive.
    this.awareness.off('update', this.onAwarenessUpdate);
    if (this.presenceTimer !== null) clearTimeout(this.presenceTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private currentPeer: DocumentPeer | null = null;
  /** Client ids first written by the update being applied; stored with it. */
  private newClientIds: number[] = [];
  private readonly awaitingAck = new Set<DocumentPeer>();

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    this.wholeState = null;
    // Yjs itself runs follow-up transactions with a null origin while cleaning up after one of ours
    // (redundant text formatting after concurrent edits). Their deletions must be stored and broadcast
    // like any change, or the server would silently differ from every client.
    if (origin !== null && !isTransactionOrigin(origin)) return;
    if (origin?.source === 'load') return;
    const peer = origin?.source === 'connection' ? this.currentPeer : null;
    const actor = origin === null ? this.currentPeer : origin.source === 'server' ? origin.actor : peer;
    this.pending.push({
      update,
      userId: actor?.userId ?? null,
      partyId: actor?.partyId ?? null,
      createdAt: Date.now(),
      clientIds: peer ? this.newClientIds : [],
      // History (issue 4): what this transaction touched, stored with the row so the revision list needs no decoding.
      touched: touchedKeys(transaction),
      peer,
    });
    this.uncommitted += 1;
    this.newClientIds = [];
  };

  /** Presence client ids changed since the last relay. */
  private readonly presenceChanged = new Set<number>();
  private presenceTimer: NodeJS.Timeout | null = null;

  // Presence is relayed at most once per PRESENCE_INTERVAL_MS, all changes of the interval in one
  // frame per peer: in a crowded memo every caret move would otherwise be one frame to everyone.
  private readonly onAwarenessUpdate = (
    change: { added: number[]; updated: number[]; removed: number[] },
    _origin: unknown,
  ): void => {
    for (const id of change.added.concat(change.updated, change.removed)) this.presenceChanged.add(id);
    if (this.presenceChanged.size === 0 || this.presenceTimer !== null) return;
    this.presenceTimer = setTimeout(() => this.relayPresence(), PRESENCE_INTERVAL_MS);
  };

  private relayPresence(): void {
    this.presenceTimer = null;
    if (this.presenceChanged.size === 0) return;
    // Encoded now, so a state updated and then removed within the interval is sent as removed.
    const message = awarenessMessage(this.awareness, [...this.presenceChanged]);
    this.presenceChanged.clear();
    const frame = [new OutgoingFrame(message)];
    for (const p of this.peers) sendFrames(p, frame);
  }

  /** The commit window for the current number of peers: one frame per peer per commit stays within the send budget. */
  private commitWindow(): number {
    const { commitWindowMs, commitWindowMaxMs, sendBudgetPerSecond } = this.options;
    const forBudget = sendBudgetPerSecond > 0 ? (this.peers.size * 1000) / sendBudgetPerSecond : 0;
    return Math.min(Math.max(commitWindowMs, commitWindowMaxMs), Math.max(commitWindowMs, forBudget));
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => this.flushNow(), this.commitWindow());
  }

  private flushNow(): void {
    if (this.flushTimer !== null) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    const batch = this.pending;
    // What each waiting peer may be told is stored: its clocks as of this batch, not later ones.
    const acks = new Map<DocumentPeer, Map<number, number>>();
    for (const peer of this.awaitingAck) {
      const stored = new Map<number, number>();
      for (const client of this.written.get(peer) ?? []) stored.set(client, Y.getState(this.doc.store, client));
      acks.set(peer, stored);
    }
    this.pending = [];
    this.awaitingAck.clear();
    this.flushing = this.flushing.then(() => this.commit(batch, acks));
  }

  private async commit(batch: PendingEntry[], acks: Map<DocumentPeer, Map<number, number>>): Promise<void> {
    if (this.failed) return;
    let message: Uint8Array | null = null;
    if (batch.length > 0) {
      try {
        const seqs = await this.storage.appendUpdates(
          this.memo.id,
          batch.map(({ update, userId, partyId, createdAt, clientIds, touched, audit }) => ({ update, userId, partyId, createdAt, clientIds, touched, audit })),
        );
        this.uncommitted -= batch.length;
        this.lastSeq = seqs[seqs.length - 1] ?? this.lastSeq;
        this.sinceCheckpoint += batch.length;
        for (const entry of batch) {
          // An update whose touch keys are unknown: the next index reads everything again.
          if (!entry.touched) this.touchedSinceIndex = null;
          else for (const key of entry.touched) this.touchedSinceIndex?.add(key);
        }
      } catch (error) {
        // The in-memory document now holds changes that are not stored: never serve it.
        this.fail(`commit failed: ${(error as Error).message}`);
        return;
      }
      message = syncMessage(SyncStep.update, batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((e) => e.update)));
    }
    // Encoded and framed once, sent to every peer; a peer's ack rides in the same write as the broadcast.
    // A batch made only of one peer's own updates is not sent back to that peer: it has every byte of it
    // (the server's own changes, such as a lock's restore, have no peer). Someone typing alone then gets
    // only acknowledgements, instead of decoding and applying each of their keystrokes a second time.
    const broadcast = message ? [new OutgoingFrame(message)] : [];
    const author = batch.length > 0 && batch.every((entry) => entry.peer === batch[0]!.peer) ? batch[0]!.peer : null;
    for (const peer of this.peers) {
      const frames = peer === author ? [] : broadcast;
      const stored = peer.extensions ? acks.get(peer) : undefined;
      sendFrames(peer, stored ? [...frames, new OutgoingFrame(encodeAck(stored))] : frames);
    }
    if (batch.some((e) => e.touched?.includes(titleRoot(this.memo.languages[0]!)))) await this.syncTitle().catch((error: unknown) => console.error(`title of memo ${this.memo.id} not updated:`, error));
    if (this.checkpointDue()) await this.checkpoint();
  }

  // A checkpoint (and its history index) costs O(memo) on the event loop: every `checkpointEvery`
  // updates, but not more often than every `checkpointMinIntervalMs`, so a plenary typing hundreds of
  // edits a second does not stall every peer's broadcast for it twice a second.
  private checkpointDue(): boolean {
    return this.sinceCheckpoint >= this.options.checkpointEvery && Date.now() - this.lastCheckpointAt >= this.options.checkpointMinIntervalMs;
  }

  // Keeps the memo list's title in step with the title block (its first line, first language).
  private async syncTitle(): Promise<void> {
    const title = fragmentToPlainText(getTitle(this.doc, this.memo.languages[0]!)).split('\n')[0]!.trim().slice(0, 300);
    if (title && title !== this.memo.title) {
      await this.storage.setMemoTitle(this.memo.id, title);
      this.memo.title = title;
    }
  }

  // Marks the document unusable: nothing more is committed or checkpointed, peers are disconnected
  // (4503, they reconnect and resync) and the registry drops it, so the next open reloads from storage.
  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.pending = [];
    console.error(`memo ${this.memo.id} dropped from memory: ${reason}`);
    this.onFailure(this);
  }

  /**
   * The checkpoint's history index (history/checkpointIndex.ts), or null if it cannot be made: it is optional
   * (history then rebuilds in full). Built from the last stored one and what was touched since when there is one.
   */
  private historyIndex(): ReturnType<typeof indexCheckpoint> | null {
    try {
      const touched = this.touchedSinceIndex;
      return indexCheckpoint(this.doc, this.lastSeq, this.memo.languages, this.indexed && touched ? { state: this.indexed, touched } : null);
    } catch (error) {
      console.error(`history index of checkpoint ${this.lastSeq} failed for memo ${this.memo.id}:`, error);
      return null;
    }
  }

  private async checkpoint(): Promise<void> {
    // History rebuilds trust a checkpoint at seq N to be exactly the state after update N (HI1). With
    // changes applied but not yet stored (possible with an asynchronous storage adapter) it would hold
    // more; skip it then — sinceCheckpoint stays high, so the next commit tries again.
    if (this.uncommitted > 0) return;
    try {
      const state = Y.encodeStateAsUpdate(this.doc);
      // History's index of the same state, taken now (the document may change while the checkpoint is written).
      const index = this.historyIndex();
      await this.storage.writeCheckpoint(this.memo.id, this.lastSeq, state);
      this.sinceCheckpoint = 0;
      this.lastCheckpointAt = Date.now();
      if (index) {
        await this.storage.writeCheckpointIndex(this.memo.id, this.lastSeq, index.data);
        // Only a stored index may be the base of the next one.
        this.indexed = index.state;
        this.touchedSinceIndex = new Set();
      }
      await this.syncTitle();
    } catch (error) {
      // A missing checkpoint costs load time, not data: the log still holds every update.
      console.error(`checkpoint failed for memo ${this.memo.id}:`, error);
    }
  }
}

function sendFrames(peer: DocumentPeer, frames: readonly OutgoingFrame[]): void {
  if (frames.length === 0) return;
  if (peer.sendFrames) peer.sendFrames(frames);
  else for (const frame of frames) peer.send(frame.payload);
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * Clause ids whose fragments the update writes to or deletes from, each with
 * whether the update only inserts plain text there (what typing sends).
 */
function touchedClauses(inspection: UpdateInspection): Map<ClauseId, { textInsertsOnly: boolean }> {
  const clauses = new Map<ClauseId, { textInsertsOnly: boolean }>();
  for (const { root, item } of inspection.items) {
    const ref = parseRootName(root);
    if (ref?.kind !== 'clause') continue;
    const entry = clauses.get(ref.id);
    const plain = item.content instanceof Y.ContentString;
    if (!entry) clauses.set(ref.id, { textInsertsOnly: plain });
    else if (!plain) entry.textInsertsOnly = false;
  }
  for (const root of inspection.deletedRoots) {
    const ref = parseRootName(root);
    if (ref?.kind === 'clause') clauses.set(ref.id, { textInsertsOnly: false });
  }
  return clauses;
}

/** True when the update writes a bracket mark (adding or removing one). */
function touchesBracketMark(inspection: UpdateInspection): boolean {
  return inspection.items.some(({ item }) => item.content instanceof Y.ContentFormat && /^bracket(--|$)/.test(item.content.key));
}

/** True for integrated items that lie in the id ranges of the given (decoded) items. */
function newItemPredicate(items: readonly Y.Item[]): (item: Y.Item) => boolean {
  const ranges = new Map<number, Array<[number, number]>>();
  for (const i of items) {
    let list = ranges.get(i.id.client);
    if (!list) ranges.set(i.id.client, (list = []));
    list.push([i.id.clock, i.id.clock + i.length]);
  }
  return (item) => (ranges.get(item.id.client) ?? []).some(([from, to]) => item.id.clock >= from && item.id.clock < to);
}
