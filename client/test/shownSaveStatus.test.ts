import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../src/collab/SaveStatus';
import { ShownSaveStatus, type ConnectionFacts } from '../src/collab/ShownSaveStatus';

/** The facts of a connected, synced memo connection, changed by hand as acknowledgements would. */
function facts(): ConnectionFacts & { set(patch: Partial<ConnectionState>): void } {
  let state: ConnectionState = { link: 'connected', browserOffline: false, everConnected: true, synced: true, everSynced: true, pending: false, closed: null };
  const listeners = new Set<() => void>();
  return {
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => state,
    set(patch) {
      state = { ...state, ...patch };
      listeners.forEach((listener) => listener());
    },
  };
}

const SETTLE = 40;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ShownSaveStatus: the header status while typing', () => {
  it('[DU1] shows Saving… at the first unstored edit and Saved only once everything is stored and typing paused', async () => {
    const connection = facts();
    const shown = new ShownSaveStatus(connection, SETTLE);
    const changes: string[] = [];
    const off = shown.subscribe(() => changes.push(shown.getSnapshot()));
    expect(shown.getSnapshot()).toBe('saved');

    // Ten keystrokes, each stored (acknowledged) before the next: the strict status flips twenty times.
    for (let key = 0; key < 10; key++) {
      connection.set({ pending: true });
      expect(shown.getSnapshot()).toBe('saving');
      connection.set({ pending: false });
      // Never "Saved" while an edit is unstored, and not yet right after the last acknowledgement.
      expect(shown.getSnapshot()).toBe('saving');
    }
    await pause(SETTLE * 3);
    expect(shown.getSnapshot()).toBe('saved');
    expect(changes).toEqual(['saving', 'saved']);
    off();
  });

  it('[DU1] an unstored edit arriving during the pause keeps Saving…; losing the connection shows at once', async () => {
    const connection = facts();
    const shown = new ShownSaveStatus(connection, SETTLE);
    const off = shown.subscribe(() => undefined);
    connection.set({ pending: true });
    connection.set({ pending: false });
    connection.set({ pending: true });
    await pause(SETTLE * 3);
    expect(shown.getSnapshot()).toBe('saving');
    connection.set({ link: 'disconnected', synced: false });
    expect(shown.getSnapshot()).toBe('offline');
    off();
  });
});
