import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { ClauseId } from '../ids';
import type { ErrorCode } from './errors';

/**
 * Message types on the sync socket. 0–3 are the y-websocket protocol
 * (y-protocols sync and awareness), so an unmodified y-websocket client works.
 * 100+ are Accord's own; the server sends them only to clients that opt in
 * with the `accord=1` query parameter, so stock clients never see them.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Server → client: what of this connection's edits is durably stored (DU1). */
  ack: 100,
  /** Server → client: a JSON notice, e.g. an update refused and why. */
  notice: 101,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** y-protocols sync sub-types (inside a `sync` message). */
export const SyncStep = { step1: 0, step2: 1, update: 2 } as const;
export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep];

/** Query parameter by which a client asks for Accord's own message types. */
export const EXTENSIONS_PARAM = 'accord';
export const EXTENSIONS_VERSION = '1';

/**
 * Query parameter (`fresh=1`) by which a page says its document is empty when
 * it connects: while the memo is still loading on the server, it is sent the
 * stored state at once rather than after the server decoded it
 * (server/src/sync/StoredStatePush.ts). Only a first connection says so; a
 * reconnect has state of its own.
 */
export const FRESH_PARAM = 'fresh';

/**
 * Acknowledgement: the stored state vector restricted to the client ids this
 * connection has written. A client's edits are all stored ("Saved") when the
 * stored clock of its own client id reaches its local clock.
 */
export interface AckMessage {
  type: typeof MessageType.ack;
  stored: Map<number, number>;
}

/** A notice explains something the server did to this client's edits or session. */
export interface NoticeMessage {
  type: typeof MessageType.notice;
  code: ErrorCode;
  message: string;
  clauseId?: ClauseId;
}

export function encodeAck(stored: ReadonlyMap<number, number>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.ack);
  encoding.writeVarUint(encoder, stored.size);
  for (const [client, clock] of stored) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

/** Reads an ack body (after the message type). Throws on malformed input. */
export function readAckBody(decoder: decoding.Decoder): AckMessage {
  const stored = new Map<number, number>();
  const count = decoding.readVarUint(decoder);
  if (count > 10_000) throw new Error('ack too long');
  for (let i = 0; i < count; i++) stored.set(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
  return { type: MessageType.ack, stored };
}

export function encodeNotice(notice: Omit<NoticeMessage, 'type'>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.notice);
  encoding.writeVarString(encoder, JSON.stringify(notice));
  return encoding.toUint8Array(encoder);
}

/** Reads a notice body (after the message type). Throws on malformed input. */
export function readNoticeBody(decoder: decoding.Decoder): NoticeMessage {
  const parsed: unknown = JSON.parse(decoding.readVarString(decoder));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('notice is not an object');
  const { code, message, clauseId } = parsed as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') throw new Error('notice lacks code or message');
  return {
    type: MessageType.notice,
    code: code as ErrorCode,
    message,
    ...(typeof clauseId === 'string' ? { clauseId: clauseId as ClauseId } : {}),
  };
}
