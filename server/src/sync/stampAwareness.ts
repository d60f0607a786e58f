import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PresenceUser } from '@accord/shared/memo/presence';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { RefusedUpdate } from './RefusedUpdate';

const MAX_ENTRIES = 16;
const MAX_STATE_CHARS = 64 * 1024;

/**
 * SE2: rewrites an awareness update from a client so that its state shows
 * the identity the server knows (`user` field). A connection speaks only for
 * its own awareness client id: the first one it announces, unless another
 * connection holds it. Entries for other ids are dropped — y-websocket clients
 * routinely relay the states of others, which the server already has.
 * Returns null when nothing of the update is the connection's own.
 */
export function stampAwareness(
  update: Uint8Array,
  user: PresenceUser,
  ownId: number | null,
  isTaken: (clientId: number) => boolean,
): { update: Uint8Array; clientId: number } | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > MAX_ENTRIES) throw new RefusedUpdate(ErrorCode.badRequest, 'too many awareness states in one message');
  let own: { clientId: number; clock: number; state: unknown } | null = null;
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    if (json.length > MAX_STATE_CHARS) throw new RefusedUpdate(ErrorCode.payloadTooLarge, 'awareness state too large');
    const state: unknown = JSON.parse(json);
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
      throw new RefusedUpdate(ErrorCode.badRequest, 'awareness state must be an object or null');
    }
    const mine = ownId === null ? own === null && !isTaken(clientId) : clientId === ownId;
    if (mine) own = { clientId, clock, state };
  }
  if (decoding.hasContent(decoder)) throw new RefusedUpdate(ErrorCode.badRequest, 'trailing bytes after awareness update');
  if (own === null) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, own.clientId);
  encoding.writeVarUint(encoder, own.clock);
  encoding.writeVarString(encoder, JSON.stringify(own.state === null ? null : { ...(own.state as Record<string, unknown>), user }));
  return { update: encoding.toUint8Array(encoder), clientId: own.clientId };
}
