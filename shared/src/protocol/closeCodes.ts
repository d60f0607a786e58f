/**
 * WebSocket close codes the sync server uses (4000–4999 is the range RFC 6455
 * leaves to applications). Clients show the reason and decide whether to retry:
 * 4400–4499 are final (y-websocket does not reconnect after them); others are transient.
 */
export const CloseCode = {
  /**
   * An update arrived before the changes it builds on (y-websocket can send a keystroke before its
   * sync step 2 after a reconnect). Nothing was applied; reconnecting resyncs everything.
   */
  resync: 4002,
  /**
   * The connection did not read what the server sent (more than the server's limit waited in its
   * send buffer); the server stopped holding broadcasts for it. Reconnecting resyncs everything.
   */
  tooSlow: 4008,
  /** The person's role or party changed; reconnect to continue with the new rights. */
  membershipChanged: 4001,
  /** A frame could not be decoded (bad varint, truncated, unknown type, text frame). */
  badMessage: 4400,
  /** No valid session cookie. */
  unauthenticated: 4401,
  /** Session valid but not a member of this memo, or membership revoked while connected. */
  forbidden: 4403,
  /** No memo with this id. */
  notFound: 4404,
  /** A frame larger than the server's maximum (ws itself answers 1009 at the frame layer). */
  messageTooLarge: 4413,
  /** The connection sent more messages or bytes per second than allowed. */
  rateLimited: 4429,
  /** The memo could not be loaded from storage (DU2); nothing was served. */
  unavailable: 4503,
  /** The session was logged out or expired while the socket was open. */
  sessionEnded: 4440,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
