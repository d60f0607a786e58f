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

/** A document's current state split by touch key (at checkpoint time, from the live document). */
export interface SplitState {
  /** The state vector, encoded as described above. */
  stateVector: Uint8Array;
  segments: Map<string, Uint8Array>;
}

/** Per segment while splitting: its chunks as [client, clock, length, structs, byte start, byte end]… and its deleted ranges. */
interface SegmentParts {
  chunks: number[];
  deletes: number[];
}

/**
 * Splits a document's current state into segments (at checkpoint time, from the live document); with `only`,
 * just those segments (the state vector is always the whole document's). Every struct
 * is written once into one shared encoder; a segment's chunks are ranges of its bytes (an encoder per chunk —
 * tens of thousands in a big memo — was most of the cost).
 */
export function splitIntoSegments(doc: Y.Doc, only: ReadonlySet<string> | null = null): SplitState {
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

  const encoder = new Y.UpdateEncoderV1();
  const parts = new Map<string, SegmentParts>();
  const stateVector = new Map<number, number>();
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    if (last) stateVector.set(client, last.id.clock + last.length);
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue; // GC: left to the fillers
      const key = segmentOf(struct);
      if (key === null || (only !== null && !only.has(key))) continue;
      let p = parts.get(key);
      if (!p) parts.set(key, (p = { chunks: [], deletes: [] }));
      const start = encoding.length(encoder.restEncoder);
      writeItem(encoder, struct, rootNames);
      const end = encoding.length(encoder.restEncoder);
      const c = p.chunks;
      const open = c.length - 6;
      // Continue the segment's open chunk when this struct follows it directly (same client, next clock, next bytes).
      if (open >= 0 && c[open] === client && c[open + 1]! + c[open + 2]! === struct.id.clock && c[open + 5] === start) {
        c[open + 2] = c[open + 2]! + struct.length;
        c[open + 3] = c[open + 3]! + 1;
        c[open + 5] = end;
      } else c.push(client, struct.id.clock, struct.length, 1, start, end);
      if (struct.deleted) p.deletes.push(client, struct.id.clock, struct.length);
    }
  }
  const bytes = encoder.toUint8Array();
  const sv = encoding.createEncoder();
  encoding.writeVarUint(sv, stateVector.size);
  for (const [client, clock] of stateVector) {
    encoding.writeVarUint(sv, client);
    encoding.writeVarUint(sv, clock);
  }
  const segments = new Map<string, Uint8Array>();
  for (const [key, p] of parts) {
    const segment = encoding.createEncoder();
    encoding.writeVarUint(segment, p.chunks.length / 6);
    for (let i = 0; i < p.chunks.length; i += 6) {
      encoding.writeVarUint(segment, p.chunks[i]!);
      encoding.writeVarUint(segment, p.chunks[i + 1]!);
      encoding.writeVarUint(segment, p.chunks[i + 2]!);
      encoding.writeVarUint(segment, p.chunks[i + 3]!);
      encoding.writeVarUint8Array(segment, bytes.subarray(p.chunks[i + 4]!, p.chunks[i + 5]!));
    }
    encoding.writeVarUint(segment, p.deletes.length / 3);
    for (const n of p.deletes) encoding.writeVarUint(segment, n);
    segments.set(key, encoding.toUint8Array(segment));
  }
  return { stateVector: encoding.toUint8Array(sv), segments };
}

/**
 * Item.write, except that an item placed directly in a root by name (no origins) gets the root's name from
 * the map built once: Yjs looks it up with a scan of every root (findRootTypeKey), thousands per memo.
 * The bytes are the same as Item.write's (see yjs Item.write).
 */
function writeItem(encoder: Y.UpdateEncoderV1, item: Y.Item, rootNames: Map<AnyType, string>): void {
  const parent = item.parent as AnyType;
  if (item.origin !== null || item.rightOrigin !== null || parent._item !== null) {
    item.write(encoder, 0);
    return;
  }
  const BITS5 = 31;
  const BIT6 = 32;
  encoder.writeInfo((item.content.getRef() & BITS5) | (item.parentSub === null ? 0 : BIT6));
  encoder.writeParentInfo(true);
  encoder.writeString(rootNames.get(parent)!);
  if (item.parentSub !== null) encoder.writeString(item.parentSub);
  item.content.write(encoder, 0);
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
