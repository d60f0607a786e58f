import type { MemoId } from '@accord/shared/ids';
import type { MemoRecord, Storage, StoredDocument } from '../storage/Storage';
import { MemoDocument, type CommitOptions, type DocumentPeer } from './MemoDocument';

interface Entry {
  doc: Promise<MemoDocument>;
  holders: number;
  /** Set while the memo lingers with no holder; cleared when someone acquires it again. */
  linger: NodeJS.Timeout | null;
  /** While the memo loads: its stored rows, once read (StoredStatePush); null once loaded. */
  stored: Promise<StoredDocument> | null;
  /** Someone asked for `stored` (a fresh page): the load then lets their bytes go out before decoding. */
  storedWanted: boolean;
}

/**
 * The open memos of one server instance. Loading is single-flight (ten peers
 * opening a memo at once load it once). A memo unloads, after a final
 * checkpoint, `lingerMs` after its last holder left — a reload or a return
 * from the history page within that time finds it still loaded (decoding a
 * 1,000-clause memo costs 100–300 ms). A peer arriving during an unload waits
 * for it to finish and then loads afresh.
 */
export class DocumentRegistry {
  private readonly entries = new Map<MemoId, Entry>();
  private readonly unloading = new Map<MemoId, Promise<void>>();

  constructor(
    private readonly storage: Storage,
    private readonly options: CommitOptions,
    private readonly lingerMs = 0,
  ) {}

  /** Opens (loading if needed) a memo for one more holder; pair with `release`. */
  async acquire(memo: MemoRecord): Promise<MemoDocument> {
    const pendingUnload = this.unloading.get(memo.id);
    if (pendingUnload) await pendingUnload;
    let entry = this.entries.get(memo.id);
    if (!entry) {
      let resolveStored: (stored: StoredDocument) => void = () => {};
      const stored = new Promise<StoredDocument>((resolve) => (resolveStored = resolve));
      const storedRead = (rows: StoredDocument): boolean => {
        resolveStored(rows);
        return created.storedWanted;
      };
      const doc = MemoDocument.load(memo, this.storage, this.options, (failed) => this.fail(failed), storedRead);
      const created: Entry = { doc, holders: 0, linger: null, stored, storedWanted: false };
      entry = created;
      this.entries.set(memo.id, created);
      doc.then(
        () => (created.stored = null),
        () => {
          created.stored = null;
          if (this.entries.get(memo.id) === created) this.entries.delete(memo.id);
        },
      );
    }
    if (entry.linger !== null) {
      clearTimeout(entry.linger);
      entry.linger = null;
    }
    entry.holders += 1;
    try {
      return await entry.doc;
    } catch (error) {
      entry.holders -= 1;
      throw error;
    }
  }

  /** Releases a holder (and its peer, if any); the memo unloads `lingerMs` after none is left. */
  async release(doc: MemoDocument, peer: DocumentPeer | null): Promise<void> {
    if (peer) doc.removePeer(peer);
    const entry = this.entries.get(doc.id);
    if (!entry) return;
    entry.holders -= 1;
    if (entry.holders > 0) return;
    if (this.lingerMs <= 0) return this.unload(doc, entry);
    entry.linger = setTimeout(() => {
      entry.linger = null;
      this.unload(doc, entry).catch((error: unknown) => console.error(`unloading memo ${doc.id} failed:`, error));
    }, this.lingerMs);
    entry.linger.unref();
  }

  private async unload(doc: MemoDocument, entry: Entry): Promise<void> {
    if (this.entries.get(doc.id) !== entry || entry.holders > 0) return;
    this.entries.delete(doc.id);
    const unload = doc.unload().finally(() => this.unloading.delete(doc.id));
    this.unloading.set(doc.id, unload);
    await unload;
  }

  /**
   * While a memo is loading (an `acquire` is under way): its stored rows, as
   * soon as they are read, for StoredStatePush. Null when it is loaded already
   * (its document answers at once) or not being opened.
   */
  storedWhileLoading(memoId: MemoId): Promise<StoredDocument> | null {
    const entry = this.entries.get(memoId);
    if (!entry?.stored) return null;
    entry.storedWanted = true;
    return entry.stored;
  }

  /** The open document of a memo, if it is loaded right now. */
  async peek(memoId: MemoId): Promise<MemoDocument | null> {
    const entry = this.entries.get(memoId);
    return entry ? entry.doc : null;
  }

  /** Number of memos in memory (tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Waits for every open memo to commit and unload (server shutdown). */
  async closeAll(): Promise<void> {
    for (const entry of this.entries.values()) if (entry.linger !== null) clearTimeout(entry.linger);
    const docs = await Promise.allSettled([...this.entries.values()].map((e) => e.doc));
    this.entries.clear();
    await Promise.all(docs.map((r) => (r.status === 'fulfilled' ? r.value.unload() : undefined)));
    await Promise.all(this.unloading.values());
  }

  // A document whose commit failed is dropped and its peers disconnected; the next open reloads from storage.
  private fail(doc: MemoDocument): void {
    const entry = this.entries.get(doc.id);
    if (entry?.linger) clearTimeout(entry.linger);
    this.entries.delete(doc.id);
    for (const peer of [...doc.peers]) peer.close(4503, 'storage failure; reconnect to reload');
  }
}
