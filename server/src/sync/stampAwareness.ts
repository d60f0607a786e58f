import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceUser } from '@accord/shared/memo/presence';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { RefusedUpdate } from './RefusedUpdate';

const MAX_ENTRIES = 16;
const MAX_STATE_CHARS = 64 * 1024;

/**
 * SE2: rewrites an awareness update from a client so that every state it
 * carries shows the identity the server knows (`user` field), and refuses
 * states for client ids that belong to another connection. Returns the
 * re-encoded update and the client ids it announced.
 */
export function stampAwareness(
  update: Uint8Array,
  user: PresenceUser,
  mayUse: (clientId: number) => boolean,
): { update: Uint8Array; clientIds: number[] } {
  const decoder = decoding.createDecoder(update);
  const encoder = encoding.createEncoder();
  const count = decoding.readVarUint(decoder);
  if (count > MAX_ENTRIES) throw new RefusedUpdate(ErrorCode.badRequest, 'too many awareness states in one message');
  encoding.writeVarUint(encoder, count);
  const clientIds: number[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > MAX_STATE_CHARS) throw new RefusedUpdate(ErrorCode.payloadTooLarge, 'awareness state too large');
    if (!mayUse(clientId)) throw new RefusedUpdate(ErrorCode.forbidden, 'awareness client id belongs to another connection');
    const state: unknown = JSON.parse(json);
    let stamped: unknown = null;
    if (state !== null) {
      if (typeof state !== 'object' || Array.isArray(state)) throw new RefusedUpdate(ErrorCode.badRequest, 'awareness state must be an object or null');
      stamped = { ...(state as Record<string, unknown>), user };
    }
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(stamped));
    clientIds.push(clientId);
  }
  if (decoding.hasContent(decoder)) throw new RefusedUpdate(ErrorCode.badRequest, 'trailing bytes after awareness update');
  return { update: encoding.toUint8Array(encoder), clientIds };
}
