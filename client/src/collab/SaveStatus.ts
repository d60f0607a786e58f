/**
 * What the save status element shows — exactly one of four states (DU1).
 * `saved` is a promise to the person: the server has durably stored every
 * edit made in this window, so it is derived strictly, never optimistically.
 */
export type SaveStatus = 'connecting' | 'offline' | 'saving' | 'saved';

/** The facts about a memo connection that the save status is derived from. */
export interface ConnectionState {
  /** The socket's state as y-websocket reports it. */
  link: 'connecting' | 'connected' | 'disconnected';
  /** The browser says it has no network; we drop the socket until it is back. */
  browserOffline: boolean;
  /** The socket has been open at least once (so a later drop is "Offline", not "Connecting…"). */
  everConnected: boolean;
  /** The provider completed the sync handshake on the current socket. */
  synced: boolean;
  /** The provider has completed a sync at least once, so the document holds the server's text. */
  everSynced: boolean;
  /** Some local edit has not yet been acknowledged as durably stored. */
  pending: boolean;
  /** The server closed the socket for good (close codes 4400–4499); set once, never cleared. */
  closed: { code: number; reason: string } | null;
}

/** Derives the one status to show from the connection's facts. */
export function deriveSaveStatus(state: ConnectionState): SaveStatus {
  if (state.closed !== null || state.browserOffline) return 'offline';
  if (state.link !== 'connected') return state.everConnected ? 'offline' : 'connecting';
  if (state.synced && !state.pending) return 'saved';
  if (state.pending) return 'saving';
  return 'connecting';
}
