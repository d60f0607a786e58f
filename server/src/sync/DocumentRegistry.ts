import type { MemoId } from '@accord/shared/ids';
import type { MemoRecord, Storage } from '../storage/Storage';
import { MemoDocument, type CommitOptions, type DocumentPeer } from './MemoDocument';

interface Entry {
  doc: Promise<MemoDocument>;
  holders: number;
}

/**
 * The open memos of one server instance. Loading is single-flight (ten peers
 * opening a memo at once load it once); a memo unloads, after a final
 * checkpoint, when its last holder leaves, and a peer arriving meanwhile waits
 * for the unload to finish and then loads afresh.
 */
export class DocumentRegistry {
  private readonly entries = new Map<MemoId, Entry>();
  private readonly unloading = new Map<MemoId, Promise<void>>();

  constructor(
    private readonly storage: Storage,
    private readonly options: CommitOptions,
  ) {}

  /** Opens (loading if needed) a memo for one more holder; pair with `release`. */
  async acquire(memo: MemoRecord): Promise<MemoDocument> {
    const pendingUnload = this.unloading.get(memo.id);
    if (pendingUnload) await pendingUnload;
    let entry = this.entries.get(memo.id);
    if (!entry) {
      const doc = MemoDocument.load(memo, this.storage, this.options, (failed) => this.fail(failed));
      entry = { doc, holders: 0 };
      this.entries.set(memo.id, entry);
      doc.catch(() => {
        if (this.entries.get(memo.id) === entry) this.entries.delete(memo.id);
      });
    }
    entry.holders += 1;
    try {
      return await entry.doc;
    } catch (error) {
      entry.holders -= 1;
      throw error;
    }
  }

  /** Releases a holder (and its peer, if any); unloads the memo when none is left. */
  async release(doc: MemoDocument, peer: DocumentPeer | null): Promise<void> {
    if (peer) doc.removePeer(peer);
    const entry = this.entries.get(doc.id);
    if (!entry) return;
    entry.holders -= 1;
    if (entry.holders > 0) return;
    this.entries.delete(doc.id);
    const unload = doc.unload().finally(() => this.unloading.delete(doc.id));
    this.unloading.set(doc.id, unload);
    await unload;
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
    const docs = await Promise.allSettled([...this.entries.values()].map((e) => e.doc));
    this.entries.clear();
    await Promise.all(docs.map((r) => (r.status === 'fulfilled' ? r.value.unload() : undefined)));
    await Promise.all(this.unloading.values());
  }

  // A document whose commit failed is dropped and its peers disconnected; the next open reloads from storage.
  private fail(doc: MemoDocument): void {
    this.entries.delete(doc.id);
    for (const peer of [...doc.peers]) peer.close(4503, 'storage failure; reconnect to reload');
  }
}
