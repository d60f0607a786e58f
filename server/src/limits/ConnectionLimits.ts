/**
 * What one WebSocket connection may cost the server. The rates bound what a
 * connection sends us; `maxBufferedBytes` bounds what we hold for it: a client
 * that stops reading (a frozen tab, a stalled network) would otherwise make the
 * server keep every broadcast of a busy memo in memory for it.
 */
export interface ConnectionLimits {
  messagesPerSecond: number;
  bytesPerSecond: number;
  /** Bytes waiting in the socket's send buffer above which the connection is closed with `tooSlow`. */
  maxBufferedBytes: number;
}
