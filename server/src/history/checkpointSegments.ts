import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AGREEMENT_ROOT } from '@accord/shared/memo/agreement';

/**
 * A checkpoint split by touch key, so that history can rebuild only the part
 * of a revision the log tail touched (HI1).
 *
 * A segment holds the Yjs structs of one touch key — a root (`clause:<id>:<lang>`,
 * `outline`, `title:<lang>` …) with everything nested in it, or one key of
 * the agreement map (`agreement:<clauseId>`) — exactly as they are encoded in
 * a V1 update, with the deletions among them. {@link assembleSegments} turns
 * any set of segments back into one update: every other client-clock range is
 * filled with GC structs (what Yjs stores for garbage-collected content), so
 * the result integrates like the full checkpoint but holds only the chosen
 * parts. Log updates that touch only those parts apply on top of it exactly
 * as on the full state: their items' origins lie in the same parent, and
 * every key an update touches is in its touch keys (touchedKeys.ts).
 *
 * Stored per key (Storage.writeCheckpointIndex), so a compare reads only the
 * few it needs, with the checkpoint's state vector (lib0: a varuint count,
 * then client and next clock per client — the gaps to fill extend to it). A
 * segment (lib0 encoding) is a
 * varuint count of chunks — client, first clock, length, struct count and
 * the structs' V1 bytes — then a varuint count of deleted ranges (client,
 * clock, length).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its roots this way
type AnyType = Y.AbstractType<any>;

interface SegmentWriter {
  chunks: encoding.Encoder;
  chunkCount: number;
  deletes: number[];
  // The open chunk: consecutive structs of one client.
  client: number;
  clock: number;
  length: number;
  structs: number;
  bytes: Y.UpdateEncoderV1 | null;
}

/** A document's current state split by touch key (at checkpoint time, from the live document). */
export interface SplitState {
  /** The state vector, encoded as described above. */
  stateVector: Uint8Array;
  segments: Map<string, Uint8Array>;
}

/** Splits a document's current state into segments (at checkpoint time, from the live document). */
export function splitIntoSegments(doc: Y.Doc): SplitState {
  const rootNames = new Map<AnyType, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);
  const keyOfType = new Map<AnyType, string | null>();
  const segmentOf = (item: Y.Item): string | null => {
    const parent = item.parent as AnyType;
    const rootName = rootNames.get(parent);
    if (rootName !== undefined) return rootName === AGREEMENT_ROOT && item.parentSub !== null ? `${AGREEMENT_ROOT}:${item.parentSub}` : rootName;
    let key = keyOfType.get(parent);
    if (key === undefined) {
      // A nested type: its segment is its own item's.
      key = parent._item ? segmentOf(parent._item) : null;
      keyOfType.set(parent, key);
    }
    return key;
  };

  const writers = new Map<string, SegmentWriter>();
  const close = (w: SegmentWriter): void => {
    if (!w.bytes) return;
    encoding.writeVarUint(w.chunks, w.client);
    encoding.writeVarUint(w.chunks, w.clock);
    encoding.writeVarUint(w.chunks, w.length);
    encoding.writeVarUint(w.chunks, w.structs);
    encoding.writeVarUint8Array(w.chunks, w.bytes.toUint8Array());
    w.chunkCount += 1;
    w.bytes = null;
  };
  const stateVector = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last) stateVector.set(client, last.id.clock + last.length);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue; // GC: left to the fillers
      const key = segmentOf(struct);
      if (key === null) continue;
      let w = writers.get(key);
      if (!w) writers.set(key, (w = { chunks: encoding.createEncoder(), chunkCount: 0, deletes: [], client: -1, clock: 0, length: 0, structs: 0, bytes: null }));
      if (!w.bytes || w.client !== client || w.clock + w.length !== struct.id.clock) {
        close(w);
        w.client = client;
        w.clock = struct.id.clock;
        w.length = 0;
        w.structs = 0;
        w.bytes = new Y.UpdateEncoderV1();
      }
      struct.write(w.bytes, 0);
      w.length += struct.length;
      w.structs += 1;
      if (struct.deleted) w.deletes.push(client, struct.id.clock, struct.length);
    }
  }
  const sv = encoding.createEncoder();
  encoding.writeVarUint(sv, stateVector.size);
  for (const [client, clock] of stateVector) {
    encoding.writeVarUint(sv, client);
    encoding.writeVarUint(sv, clock);
  }
  const segments = new Map<string, Uint8Array>();
  for (const [key, w] of writers) {
    close(w);
    const segment = encoding.createEncoder();
    encoding.writeVarUint(segment, w.chunkCount);
    encoding.writeUint8Array(segment, encoding.toUint8Array(w.chunks));
    encoding.writeVarUint(segment, w.deletes.length / 3);
    for (const n of w.deletes) encoding.writeVarUint(segment, n);
    segments.set(key, encoding.toUint8Array(segment));
  }
  return { stateVector: encoding.toUint8Array(sv), segments };
}

/**
 * One V1 update holding the given segments' structs and every other client-clock range of the checkpoint
 * (its encoded state vector) as GC structs.
 */
export function assembleSegments(stateVectorBytes: Uint8Array, segments: Iterable<Uint8Array>): Uint8Array {
  const decoder = decoding.createDecoder(stateVectorBytes);
  const stateVector = new Map<number, number>();
  for (let n = decoding.readVarUint(decoder); n > 0; n -= 1) stateVector.set(decoding.readVarUint(decoder), decoding.readVarUint(decoder));
  return assemble(segments, stateVector);
}

function assemble(segments: Iterable<Uint8Array>, stateVector: Map<number, number>): Uint8Array {
  const chunks = new Map<number, Array<{ clock: number; length: number; structs: number; bytes: Uint8Array }>>();
  const deletes = new Map<number, Array<[number, number]>>();
  for (const segment of segments) {
    const decoder = decoding.createDecoder(segment);
    for (let n = decoding.readVarUint(decoder); n > 0; n -= 1) {
      const client = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const length = decoding.readVarUint(decoder);
      const structs = decoding.readVarUint(decoder);
      const bytes = decoding.readVarUint8Array(decoder);
      let list = chunks.get(client);
      if (!list) chunks.set(client, (list = []));
      list.push({ clock, length, structs, bytes });
    }
    for (let n = decoding.readVarUint(decoder); n > 0; n -= 1) {
      const client = decoding.readVarUint(decoder);
      let list = deletes.get(client);
      if (!list) deletes.set(client, (list = []));
      list.push([decoding.readVarUint(decoder), decoding.readVarUint(decoder)]);
    }
  }
  const out = encoding.createEncoder();
  encoding.writeVarUint(out, stateVector.size);
  for (const [client, end] of stateVector) {
    const list = (chunks.get(client) ?? []).sort((a, b) => a.clock - b.clock);
    // Count the structs first: the header states how many follow.
    let count = 0;
    let clock = 0;
    for (const c of list) {
      if (c.clock > clock) count += 1;
      count += c.structs;
      clock = c.clock + c.length;
    }
    if (end > clock) count += 1;
    encoding.writeVarUint(out, count);
    encoding.writeVarUint(out, client);
    encoding.writeVarUint(out, 0);
    clock = 0;
    const filler = (length: number): void => {
      encoding.writeUint8(out, 0); // GC struct (Yjs' structGCRefNumber)
      encoding.writeVarUint(out, length);
    };
    for (const c of list) {
      if (c.clock > clock) filler(c.clock - clock);
      encoding.writeUint8Array(out, c.bytes);
      clock = c.clock + c.length;
    }
    if (end > clock) filler(end - clock);
  }
  // The delete set (V1: per client, its ranges).
  encoding.writeVarUint(out, deletes.size);
  for (const [client, ranges] of deletes) {
    ranges.sort((a, b) => a[0] - b[0]);
    encoding.writeVarUint(out, client);
    encoding.writeVarUint(out, ranges.length);
    for (const [clock, length] of ranges) {
      encoding.writeVarUint(out, clock);
      encoding.writeVarUint(out, length);
    }
  }
  return encoding.toUint8Array(out);
}
