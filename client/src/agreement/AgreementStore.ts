import * as Y from 'yjs';
import type { LanguageCode } from '@accord/shared/ids';
import {
  deriveStatus,
  getAgreementMap,
  hasOpenBracket,
  readAgreement,
  signOffViews,
  type ClauseAgreement,
  type ClauseStatus,
  type SignOffView,
} from '@accord/shared/memo/agreement';
import { clauseHash } from '@accord/shared/memo/hash';
import { parseRootName } from '@accord/shared/memo/ydocLayout';
import { writeUnwrittenEdits } from '../collab/unwrittenEdits';
import { listBrackets, type BracketSpan } from './clauseBrackets';

/** How long text edits to a clause may wait before its hash and status are recomputed. */
const RECOMPUTE_DELAY_MS = 150;

/**
 * What one clause row shows about agreement, derived in this window from
 * the server-written `agreement` root and the clause's own text (CL2, SO3).
 * A new object only when something shown changes, so a row re-renders on a
 * new sign-off or when a sign-off turns stale, never on every keystroke.
 */
export interface ClauseAgreementState {
  readonly agreement: ClauseAgreement;
  readonly status: ClauseStatus;
  readonly locked: boolean;
  /** Some language version carries a bracket (SO4). */
  readonly openBracket: boolean;
  /** The open brackets themselves: language, party, reason and bracketed text. */
  readonly brackets: readonly BracketSpan[];
  /** Each party's sign-off by party id, `stale` against the text in this window (SO3). */
  readonly signoffs: ReadonlyMap<string, SignOffView>;
}

/** What a cell editor needs to know about its clause's lock, synchronously. */
export interface ClauseLock {
  /** True while the clause is agreed and locked — read from the document at the moment of asking. */
  isLocked(): boolean;
  /** Called (in a microtask) whenever the clause locks or unlocks. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

// Yjs types of any content: only their place in the document is looked at here.
type AnyType = Y.AbstractType<any>;

interface Entry {
  state: ClauseAgreementState;
  /** The agreement value as stored in the map (same reference until the server rewrites it). */
  raw: unknown;
  /** The clause hash, or null while no sign-off needs it. */
  hash: string | null;
  /** Changes exactly when what `state` shows changes. */
  key: string;
}

/**
 * Agreement state for every clause of an open memo.
 *
 * One `afterTransaction` listener finds, for each changed Yjs type, the root
 * it belongs to (`clause:<id>:<lang>`, DESIGN "Y.Doc layout") and marks that
 * clause dirty; dirty clauses get their hash (CL1, the same `clauseHash` the
 * server runs) and bracket check recomputed together a little later, so a
 * burst of typing costs one hash. Changes to the `agreement` map apply at
 * once. Listeners exist per clause (its row), per clause lock (its editors)
 * and for the memo summary (the status bar), so nothing else re-renders.
 */
export class AgreementStore {
  private readonly entries = new Map<string, Entry>();
  private readonly dirty = new Set<string>();
  private readonly clauseListeners = new Map<string, Set<() => void>>();
  private readonly lockListeners = new Map<string, Set<() => void>>();
  private readonly summaryListeners = new Set<() => void>();
  private readonly locks = new Map<string, ClauseLock>();
  private readonly lockedNow = new Map<string, boolean>();
  private readonly rootNames = new WeakMap<AnyType, string | null>();
  private flushTimer: number | null = null;
  private summaryFrame: number | null = null;
  private summaryVersion = 0;
  private destroyed = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly languages: readonly LanguageCode[],
  ) {
    getAgreementMap(doc).observe(this.onAgreementChange);
    doc.on('afterTransaction', this.onTransaction);
    for (const id of getAgreementMap(doc).keys()) this.lockedNow.set(id, readAgreement(doc, id).locked !== null);
  }

  /** The clause's current agreement state (computed on first use, then kept up to date). */
  getClause(clauseId: string): ClauseAgreementState {
    const entry = this.entries.get(clauseId) ?? this.recompute(clauseId, true).entry;
    return entry.state;
  }

  /** True while the clause is locked, read from the document itself. */
  isLocked(clauseId: string): boolean {
    return readAgreement(this.doc, clauseId).locked !== null;
  }

  /**
   * The clause's hash computed now from the text in this window (CL1). A
   * signatory's sign-off carries exactly this: the text they see (SO2) —
   * including a keystroke an editor has painted but not yet written into
   * the document, which is written first.
   */
  currentHash(clauseId: string): string {
    writeUnwrittenEdits(this.doc);
    return clauseHash(this.doc, clauseId, this.languages);
  }

  /** Calls `listener` when the clause's state object changes. */
  subscribeClause(clauseId: string, listener: () => void): () => void {
    return addListener(this.clauseListeners, clauseId, listener);
  }

  /** The lock view handed to the clause's cell editors (one object per clause). */
  lock(clauseId: string): ClauseLock {
    let lock = this.locks.get(clauseId);
    if (!lock) {
      lock = {
        isLocked: () => this.isLocked(clauseId),
        subscribe: (listener) => addListener(this.lockListeners, clauseId, listener),
      };
      this.locks.set(clauseId, lock);
    }
    return lock;
  }

  /**
   * Calls `listener` (at most once per frame) when any clause's status or
   * lock, or any section heading, changed: what the memo summary shows.
   */
  subscribeSummary = (listener: () => void): (() => void) => {
    this.summaryListeners.add(listener);
    return () => this.summaryListeners.delete(listener);
  };

  /** A number that changes whenever the summary may have changed. */
  getSummaryVersion = (): number => this.summaryVersion;

  destroy(): void {
    this.destroyed = true;
    getAgreementMap(this.doc).unobserve(this.onAgreementChange);
    this.doc.off('afterTransaction', this.onTransaction);
    if (this.flushTimer !== null) window.clearTimeout(this.flushTimer);
    if (this.summaryFrame !== null) cancelAnimationFrame(this.summaryFrame);
    this.clauseListeners.clear();
    this.lockListeners.clear();
    this.summaryListeners.clear();
  }

  private readonly onAgreementChange = (event: Y.YMapEvent<ClauseAgreement>): void => {
    for (const clauseId of event.keysChanged) {
      // A pending text change is folded in now, so a new sign-off is judged against the latest text.
      const rehash = this.dirty.delete(clauseId) || !this.entries.has(clauseId);
      this.update(clauseId, rehash);
      const locked = this.isLocked(clauseId);
      if ((this.lockedNow.get(clauseId) ?? false) !== locked) {
        this.lockedNow.set(clauseId, locked);
        const listeners = this.lockListeners.get(clauseId);
        // After the Yjs transaction has finished: editors change their own state in response.
        if (listeners) queueMicrotask(() => listeners.forEach((listener) => listener()));
      }
    }
  };

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    if (this.destroyed) return;
    let sectionChanged = false;
    for (const type of transaction.changed.keys()) {
      const name = this.rootName(type);
      if (name === null) continue;
      const ref = parseRootName(name);
      if (ref?.kind === 'clause') {
        this.dirty.add(ref.id);
      } else if (ref?.kind === 'section' || ref?.kind === 'outline') {
        sectionChanged = true;
      }
    }
    if (sectionChanged) this.bumpSummary();
    if (this.dirty.size > 0 && this.flushTimer === null) {
      this.flushTimer = window.setTimeout(this.flush, RECOMPUTE_DELAY_MS);
    }
  };

  private readonly flush = (): void => {
    this.flushTimer = null;
    if (this.destroyed) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    // Clauses no one has looked at yet are computed when first asked for.
    for (const id of ids) if (this.entries.has(id)) this.update(id, true);
  };

  private update(clauseId: string, rehash: boolean): void {
    const { changed } = this.recompute(clauseId, rehash);
    if (!changed) return;
    this.clauseListeners.get(clauseId)?.forEach((listener) => listener());
    this.bumpSummary();
  }

  private recompute(clauseId: string, rehash: boolean): { entry: Entry; changed: boolean } {
    const previous = this.entries.get(clauseId);
    const raw: unknown = getAgreementMap(this.doc).get(clauseId);
    const openBracket = rehash || !previous ? hasOpenBracket(this.doc, clauseId, this.languages) : previous.state.openBracket;
    const brackets = !openBracket ? [] : rehash || !previous ? listBrackets(this.doc, clauseId, this.languages) : previous.state.brackets;
    const agreement = readAgreement(this.doc, clauseId);
    // The hash only matters against sign-offs: a clause nobody signed (most of a big memo) is never hashed.
    const needsHash = Object.keys(agreement.signoffs).length > 0;
    const hash = !needsHash ? null : !rehash && previous?.hash != null ? previous.hash : clauseHash(this.doc, clauseId, this.languages);
    const status = deriveStatus(agreement, hash ?? '', openBracket);
    const views = hash === null ? [] : signOffViews(agreement, hash);
    const key = `${status}|${views.map((v) => `${v.partyId}:${v.stale ? 's' : 'v'}`).join(',')}|${JSON.stringify(brackets)}`;
    if (previous && previous.raw === raw && previous.key === key) {
      previous.hash = hash;
      return { entry: previous, changed: false };
    }
    const entry: Entry = {
      raw,
      hash,
      key,
      state: {
        agreement,
        status,
        locked: agreement.locked !== null,
        openBracket,
        brackets,
        signoffs: new Map(views.map((v) => [v.partyId as string, v])),
      },
    };
    this.entries.set(clauseId, entry);
    return { entry, changed: previous !== undefined };
  }

  private bumpSummary(): void {
    this.summaryVersion++;
    if (this.summaryFrame !== null || this.summaryListeners.size === 0) return;
    this.summaryFrame = requestAnimationFrame(() => {
      this.summaryFrame = null;
      this.summaryListeners.forEach((listener) => listener());
    });
  }

  // The name of the root type a changed type belongs to (cached per type).
  private rootName(type: AnyType): string | null {
    let root: AnyType = type;
    while (root._item !== null) {
      const parent: unknown = root._item.parent;
      if (!(parent instanceof Y.AbstractType)) return null;
      root = parent as AnyType;
    }
    const cached = this.rootNames.get(root);
    if (cached !== undefined) return cached;
    // One pass over the document's roots names them all: a first sync changes thousands of roots at once.
    for (const [name, shared] of this.doc.share) this.rootNames.set(shared as AnyType, name);
    const found = this.rootNames.get(root) ?? null;
    this.rootNames.set(root, found);
    return found;
  }
}

function addListener(map: Map<string, Set<() => void>>, key: string, listener: () => void): () => void {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) map.delete(key);
  };
}
