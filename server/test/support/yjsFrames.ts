import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MessageType, SyncStep, readAckBody, readNoticeBody, type AckMessage, type NoticeMessage } from '@accord/shared/protocol/messages';

/** A sync `update` frame carrying a Yjs update. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, SyncStep.update);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A sync step 1 frame for the given document's state. */
export function step1Frame(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, SyncStep.step1);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  return encoding.toUint8Array(e);
}

/** Applies every sync step 2 / update frame among `messages` to `doc`. */
export function applySyncFrames(doc: Y.Doc, messages: Uint8Array[]): void {
  for (const m of messages) {
    const d = decoding.createDecoder(m);
    if (decoding.readVarUint(d) !== MessageType.sync) continue;
    const step = decoding.readVarUint(d);
    if (step === SyncStep.step2 || step === SyncStep.update) Y.applyUpdate(doc, decoding.readVarUint8Array(d));
  }
}

export function acksIn(messages: Uint8Array[]): AckMessage[] {
  return messages.flatMap((m) => {
    const d = decoding.createDecoder(m);
    return decoding.readVarUint(d) === MessageType.ack ? [readAckBody(d)] : [];
  });
}

export function noticesIn(messages: Uint8Array[]): NoticeMessage[] {
  return messages.flatMap((m) => {
    const d = decoding.createDecoder(m);
    return decoding.readVarUint(d) === MessageType.notice ? [readNoticeBody(d)] : [];
  });
}
