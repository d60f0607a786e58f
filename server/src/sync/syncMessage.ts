import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from '@accord/shared/protocol/messages';

/** A y-websocket sync message: step 1 (a state vector), step 2 or update (an update). */
export function syncMessage(step: SyncStep, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A Yjs (v1) update with no structs and no deletions: a sync step 2 that brings nothing new. */
export const EMPTY_UPDATE = new Uint8Array([0, 0]);
