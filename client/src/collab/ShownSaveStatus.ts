import { deriveSaveStatus, type ConnectionState, type SaveStatus } from './SaveStatus';

/** How long "Saving…" stays up after the last edit was stored, so steady typing does not flicker it. */
export const SAVED_SETTLE_MS = 400;

/** The part of a {@link MemoConnection} the shown status follows (tests pass a plain store). */
export interface ConnectionFacts {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ConnectionState;
}

/**
 * The save status as shown in the header: {@link deriveSaveStatus}, except
 * that "Saved" appears only once every edit has been stored *and* no new
 * edit followed for {@link SAVED_SETTLE_MS}. While someone types, each
 * keystroke is stored within a few milliseconds, so the strict status flips
 * Saved → Saving… → Saved with every key; shown as is, that re-rendered the
 * header and re-announced the live region twice per keystroke, inside the
 * keystroke's own frame. Holding "Saving…" keeps the promise of DU1 — the
 * header never says "Saved" while something is unstored; it may say
 * "Saving…" a moment longer than needed — and turns typing into one change
 * at its start and one at its end.
 *
 * Snapshot/subscribe for `useSyncExternalStore`; listeners hear only
 * changes of the shown status.
 */
export class ShownSaveStatus {
  private shown: SaveStatus;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  private offConnection: (() => void) | null = null;

  constructor(
    private readonly connection: ConnectionFacts,
    private readonly settleMs: number = SAVED_SETTLE_MS,
  ) {
    this.shown = deriveSaveStatus(connection.getSnapshot());
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.offConnection = this.connection.subscribe(this.follow);
      this.follow();
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.offConnection?.();
      this.offConnection = null;
      this.cancelSettle();
    };
  };

  readonly getSnapshot = (): SaveStatus => this.shown;

  private readonly follow = (): void => {
    const live = deriveSaveStatus(this.connection.getSnapshot());
    if (live === 'saved' && this.shown === 'saving') {
      // Stored: say so once typing has paused (the timer restarts on every new edit).
      if (this.settleTimer === null) this.settleTimer = setTimeout(this.settle, this.settleMs);
      return;
    }
    this.cancelSettle();
    this.show(live);
  };

  private readonly settle = (): void => {
    this.settleTimer = null;
    this.show(deriveSaveStatus(this.connection.getSnapshot()));
  };

  private cancelSettle(): void {
    if (this.settleTimer === null) return;
    clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  private show(status: SaveStatus): void {
    if (status === this.shown) return;
    this.shown = status;
    this.listeners.forEach((listener) => listener());
  }
}
