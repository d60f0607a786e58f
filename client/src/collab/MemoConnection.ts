import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import type { MemoId } from '@accord/shared/ids';
import type { PresenceUser } from '@accord/shared/memo/presence';
import { CloseCode } from '@accord/shared/protocol/closeCodes';
import {
  EXTENSIONS_PARAM,
  EXTENSIONS_VERSION,
  FRESH_PARAM,
  MessageType,
  readAckBody,
  readNoticeBody,
  type NoticeMessage,
} from '@accord/shared/protocol/messages';
import { typeRoots } from '@accord/shared/memo/ydocLayout';
import { deriveSaveStatus, type ConnectionState, type SaveStatus } from './SaveStatus';
import { syncServerUrl } from './syncServerUrl';
import { hasUnwrittenEdits, writeUnwrittenEdits } from './unwrittenEdits';

/** How long after a notice unacknowledged edits are taken as refused for good. */
const DIVERGENCE_GRACE_MS = 1500;

/** A socket close the person should hear about. `permanent` closes are never retried. */
export interface CloseReport {
  code: number;
  reason: string;
  permanent: boolean;
}

/** Options of {@link MemoConnection}; `serverUrl` and `WebSocketImpl` exist for tests. */
export interface MemoConnectionOptions {
  memoId: MemoId;
  /**
   * What this window claims in awareness; the server replaces it with the
   * identity it knows. May be set later ({@link MemoConnection.setUser}):
   * the memo page opens the connection before it knows this person's party.
   */
  user?: PresenceUser;
  serverUrl?: string;
}

/**
 * One open memo: its Y.Doc, the y-websocket provider that syncs it, and the
 * bookkeeping behind "Saved" (DU1).
 *
 * The server acknowledges (message type 100) the stored state vector for the
 * client ids a connection wrote. Every client id this window has ever written
 * under is remembered (Yjs may change `doc.clientID` after a clash), and the
 * highest stored clock per id is kept across reconnects, because storage is
 * durable: an acknowledgement never becomes untrue. Local edits are pending
 * while some such id has a local clock above its stored clock.
 *
 * State is exposed as an immutable snapshot with `subscribe`/`getSnapshot`
 * (for `useSyncExternalStore`); a new snapshot is made only when a fact
 * changes, so typing does not re-render anything that shows the status.
 */
export class MemoConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly memoId: MemoId;

  private state: ConnectionState = {
    link: 'connecting',
    browserOffline: typeof navigator !== 'undefined' && navigator.onLine === false,
    everConnected: false,
    synced: false,
    everSynced: false,
    pending: false,
    closed: null,
  };
  private readonly stored = new Map<number, number>();
  private readonly writtenClientIds = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private readonly noticeListeners = new Set<(notice: NoticeMessage) => void>();
  private readonly closeListeners = new Set<(report: CloseReport) => void>();
  private readonly divergedListeners = new Set<() => void>();
  private divergenceCheck: number | null = null;
  private destroyed = false;

  constructor(options: MemoConnectionOptions) {
    this.memoId = options.memoId;
    this.doc = new Y.Doc();
    this.provider = new WebsocketProvider(options.serverUrl ?? syncServerUrl(), options.memoId, this.doc, {
      connect: false,
      // The document is empty until the first connection: say so (see FRESH_PARAM); onStatus drops it once connected.
      params: { [EXTENSIONS_PARAM]: EXTENSIONS_VERSION, [FRESH_PARAM]: '1' },
      disableBc: true,
    });
    if (options.user) this.provider.awareness.setLocalStateField('user', options.user);

    this.provider.messageHandlers[MessageType.ack] = (_encoder, decoder) => {
      try {
        this.applyAck(readAckBody(decoder).stored);
      } catch (error) {
        console.warn('[accord] ignoring a malformed acknowledgement', error);
      }
    };
    this.provider.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
      let notice: NoticeMessage;
      try {
        notice = readNoticeBody(decoder);
      } catch (error) {
        console.warn('[accord] ignoring a malformed notice', error);
        return;
      }
      for (const listener of this.noticeListeners) listener(notice);
      this.scheduleDivergenceCheck();
    };

    // Until the first sync, updates arrive only from the server (a big memo's whole document at once).
    // Yjs encodes each transaction again for every 'update' listener, and both listeners (the
    // provider's and ours) ignore updates that came from the provider; for a memo of thousands of
    // fragments that re-encoding alone took a few hundred milliseconds before the text could show.
    const handleSync = this.provider.messageHandlers[MessageType.sync]!;
    this.provider.messageHandlers[MessageType.sync] = (encoder, decoder, provider, emitSynced, messageType) => {
      // An editor's keystroke not yet written would be overwritten by what the server sends: write it first.
      writeUnwrittenEdits(this.doc);
      if (provider.synced) {
        handleSync(encoder, decoder, provider, emitSynced, messageType);
        return;
      }
      this.doc.off('update', provider._updateHandler);
      this.doc.off('update', this.onUpdate);
      try {
        handleSync(encoder, decoder, provider, emitSynced, messageType);
        // Typed now, in one transaction, rather than one transaction per root when first read.
        if (provider.synced) typeRoots(this.doc, provider);
      } finally {
        this.doc.on('update', provider._updateHandler);
        this.doc.on('update', this.onUpdate);
      }
    };

    this.provider.on('status', this.onStatus);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onConnectionClose);
    this.provider.on('closed', this.onClosed);
    this.doc.on('update', this.onUpdate);
    window.addEventListener('offline', this.onBrowserOffline);
    window.addEventListener('online', this.onBrowserOnline);
    if (!this.state.browserOffline) this.provider.connect();
  }

  /** The awareness instance shared by every editor of this memo (carets) and the presence list. */
  get awareness(): Awareness {
    return this.provider.awareness;
  }

  /** Sets what this window claims in awareness (its carets' name and colour). */
  setUser(user: PresenceUser): void {
    this.provider.awareness.setLocalStateField('user', user);
  }

  /** Subscribes to snapshot changes; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current facts; the same object until one of them changes. */
  readonly getSnapshot = (): ConnectionState => this.state;

  /** The save status to show now. */
  get saveStatus(): SaveStatus {
    return deriveSaveStatus(this.state);
  }

  /** True while some edit made in this window is not yet durably stored on the server. */
  get hasUnsavedEdits(): boolean {
    return this.state.pending || hasUnwrittenEdits(this.doc);
  }

  /** Notices (message type 101) the server sends about this window's edits or session. */
  onNotice(listener: (notice: NoticeMessage) => void): () => void {
    this.noticeListeners.add(listener);
    return () => this.noticeListeners.delete(listener);
  }

  /** Socket closes worth telling the person about (permanent ones and "unavailable"). */
  onClose(listener: (report: CloseReport) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Called when this window's document has diverged from the server for good:
   * the server refused one of its updates, so this client id's later updates
   * can never be stored either (they depend on the refused one). The owner
   * should replace the connection with a fresh one, which loads the server's
   * state — every accepted edit is there; only refused (and not yet sent)
   * ones are dropped, and the notice has told the person why (LK3).
   */
  onDiverged(listener: () => void): () => void {
    this.divergedListeners.add(listener);
    return () => this.divergedListeners.delete(listener);
  }

  /** Closes the socket and frees the document; the object is unusable afterwards. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.divergenceCheck !== null) window.clearTimeout(this.divergenceCheck);
    window.removeEventListener('offline', this.onBrowserOffline);
    window.removeEventListener('online', this.onBrowserOnline);
    this.doc.off('update', this.onUpdate);
    this.provider.off('status', this.onStatus);
    this.provider.off('sync', this.onSync);
    this.provider.off('connection-close', this.onConnectionClose);
    this.provider.off('closed', this.onClosed);
    this.provider.destroy();
    this.doc.destroy();
    this.listeners.clear();
    this.noticeListeners.clear();
    this.closeListeners.clear();
    this.divergedListeners.clear();
  }

  private readonly onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }): void => {
    if (status === 'connected') delete this.provider.params[FRESH_PARAM];
    this.update({
      link: status,
      everConnected: this.state.everConnected || status === 'connected',
      synced: status === 'connected' ? this.provider.synced : false,
    });
  };

  private readonly onSync = (synced: boolean): void => {
    this.update({ synced, everSynced: this.state.everSynced || synced });
  };

  private readonly onUpdate = (_update: Uint8Array, origin: unknown): void => {
    if (origin === this.provider) return;
    // A local edit (typing, undo, a structure change): remember who wrote it.
    this.writtenClientIds.add(this.doc.clientID);
    this.recomputePending();
  };

  private readonly onConnectionClose = (event: CloseEvent | null): void => {
    if (event?.code === CloseCode.unavailable) {
      this.report({ code: event.code, reason: event.reason, permanent: false });
    }
  };

  private readonly onClosed = (event: { code: number; reason: string }): void => {
    this.update({ closed: { code: event.code, reason: event.reason }, link: 'disconnected', synced: false });
    this.report({ code: event.code, reason: event.reason, permanent: true });
  };

  private readonly onBrowserOffline = (): void => {
    // Sockets may linger for a long time after the network is gone; drop it
    // now so the status says "Offline" at once. Edits keep going into the doc.
    this.update({ browserOffline: true });
    this.provider.disconnect();
  };

  private readonly onBrowserOnline = (): void => {
    this.update({ browserOffline: false });
    if (this.state.closed === null) this.provider.connect();
  };

  // A notice usually means an update was refused. Give acknowledgements of the
  // updates sent before it time to arrive; if local edits are still not
  // stored after that, they never will be.
  private scheduleDivergenceCheck(): void {
    if (this.divergenceCheck !== null) return;
    this.divergenceCheck = window.setTimeout(() => {
      this.divergenceCheck = null;
      if (this.destroyed || !this.state.pending || this.state.link !== 'connected') return;
      for (const listener of this.divergedListeners) listener();
    }, DIVERGENCE_GRACE_MS);
  }

  private applyAck(stored: ReadonlyMap<number, number>): void {
    for (const [client, clock] of stored) {
      if (clock > (this.stored.get(client) ?? 0)) this.stored.set(client, clock);
    }
    this.recomputePending();
  }

  private recomputePending(): void {
    let pending = false;
    for (const client of this.writtenClientIds) {
      if (Y.getState(this.doc.store, client) > (this.stored.get(client) ?? 0)) {
        pending = true;
        break;
      }
    }
    if (pending !== this.state.pending) this.update({ pending });
  }

  private report(report: CloseReport): void {
    for (const listener of this.closeListeners) listener(report);
  }

  private update(patch: Partial<ConnectionState>): void {
    if (this.destroyed) return;
    let changed = false;
    for (const key of Object.keys(patch) as Array<keyof ConnectionState>) {
      if (patch[key] !== this.state[key]) changed = true;
    }
    if (!changed) return;
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
