import * as Y from 'yjs';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { RefusedUpdate } from './RefusedUpdate';

/** What an incoming update would do to a document, found before applying it. */
export interface UpdateInspection {
  /** Client ids whose structs the update carries (the writer's own ids, normally one). */
  clientIds: Set<number>;
  /** New items, each with the name of its root type and whether it sits directly in that root. */
  items: InspectedItem[];
  /** Root names of existing content that the update deletes. */
  deletedRoots: Set<string>;
  /** Existing entries of a root array (e.g. `outline`) that the update deletes, by root name. */
  deletedEntries: Map<string, unknown[]>;
  /** True when the update carries no new structs and no deletions. */
  empty: boolean;
}

export interface InspectedItem {
  item: Y.Item;
  root: string;
  /** True when the item's parent is the root type itself (not an element nested in it). */
  direct: boolean;
}

/** Where an item lands; `root: null` means into garbage-collected content, where Yjs discards it. */
type Resolved = { root: string | null; direct: boolean };
const DISCARDED: Resolved = { root: null, direct: false };

const MAX_STRUCTS = 200_000;

/**
 * Root type → its name. `Y.findRootTypeKey` scans every root of the document
 * (a 1,000-clause memo in two languages has over 4,000), and a root's name
 * never changes: look each up once.
 */
const rootNames = new WeakMap<Y.AbstractType<unknown>, string>();
/** Clocks beyond this are refused: clock arithmetic must stay exact, and no real client comes near it. */
const MAX_CLOCK = 2 ** 32;

/**
 * Decodes a V1 update and resolves, for every new item, the root type it lands
 * in — through its explicit parent, its parent item, or its left/right origin
 * (most items carry no parent on the wire) — against the update itself and the
 * document. It fails closed: anything it cannot resolve (missing dependencies,
 * clock gaps, reference cycles, undecodable bytes) throws RefusedUpdate.
 */
export function inspectUpdate(doc: Y.Doc, update: Uint8Array): UpdateInspection {
  let decoded: { structs: Array<Y.Item | Y.GC | Y.Skip>; ds: { clients: Map<number, Array<{ clock: number; len: number }>> } };
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded;
  } catch {
    throw new RefusedUpdate(ErrorCode.badRequest, 'update could not be decoded as a Yjs V1 update');
  }
  if (decoded.structs.length > MAX_STRUCTS) throw new RefusedUpdate(ErrorCode.payloadTooLarge, 'update has too many structs');

  const store = doc.store;
  const byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const s of decoded.structs) {
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
  }

  // Well-formed runs: no empty structs, no overlapping clocks within the update, and no clock gaps —
  // each client's structs continue from what the document already has.
  for (const [client, structs] of byClient) {
    let expected = Y.getState(store, client);
    let previousEnd = -1;
    for (const s of structs) {
      if (s.length <= 0) throw new RefusedUpdate(ErrorCode.badRequest, 'update holds an empty struct');
      if (s.id.clock + s.length > MAX_CLOCK) throw new RefusedUpdate(ErrorCode.badRequest, 'update clock out of range');
      if (s instanceof Y.Item) {
        // A reference to a later clock of the item's own client is a forward reference Yjs never produces
        // (and does not check, even for structs it already has): it would crash integration half-way.
        for (const ref of [s.origin, s.rightOrigin, s.parent instanceof Y.ID ? s.parent : null]) {
          if (ref && ref.client === s.id.client && ref.clock >= s.id.clock) throw new RefusedUpdate(ErrorCode.badRequest, 'update holds a forward reference');
        }
      }
      if (s.id.clock < previousEnd) throw new RefusedUpdate(ErrorCode.badRequest, 'update holds overlapping structs');
      previousEnd = s.id.clock + s.length;
      if (s instanceof Y.Skip) continue;
      if (s.id.clock > expected) {
        throw new RefusedUpdate(ErrorCode.conflict, 'update depends on changes the server does not have; resync', undefined, true);
      }
      expected = Math.max(expected, s.id.clock + s.length);
    }
  }

  const inUpdate = (id: Y.ID): Y.Item | Y.GC | null => {
    const list = byClient.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = list[mid]!;
      if (id.clock < s.id.clock) hi = mid - 1;
      else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
      else return s instanceof Y.Skip ? null : s;
    }
    return null;
  };

  const inDoc = (id: Y.ID): Y.Item | Y.GC | null => {
    if (id.clock >= Y.getState(store, id.client)) return null;
    return Y.getItem(store, id) as Y.Item | Y.GC;
  };

  const rootOfType = (type: Y.AbstractType<unknown>): { root: string; direct: boolean } => {
    let t = type;
    let depth = 0;
    while (t._item !== null) {
      const parent = t._item.parent;
      if (!(parent instanceof Y.AbstractType)) throw new RefusedUpdate(ErrorCode.conflict, 'unresolvable parent');
      t = parent;
      if (++depth > 10_000) throw new RefusedUpdate(ErrorCode.badRequest, 'nesting too deep');
    }
    let name = rootNames.get(t);
    if (name === undefined) rootNames.set(t, (name = Y.findRootTypeKey(t)));
    return { root: name, direct: t === type };
  };

  // An origin may not fall between the two halves of a surrogate pair (an emoji, a rare CJK character):
  // Yjs would split the character in memory while storage keeps it whole.
  const splitsSurrogate = (id: Y.ID, cutAfter: boolean): boolean => {
    // A clock the document already has is the document's, whatever the update claims it holds (Yjs skips known structs).
    const target = inDoc(id) ?? inUpdate(id);
    if (!(target instanceof Y.Item) || !(target.content instanceof Y.ContentString)) return false;
    const str = target.content.str;
    const cut = id.clock - target.id.clock + (cutAfter ? 1 : 0);
    if (cut <= 0 || cut >= str.length) return false;
    const before = str.charCodeAt(cut - 1);
    return before >= 0xd800 && before <= 0xdbff;
  };

  const memo = new Map<Y.Item, Resolved>();
  const resolving = new Set<Y.Item>();

  const resolveNew = (item: Y.Item): Resolved => {
    const known = memo.get(item);
    if (known) return known;
    if (resolving.has(item)) throw new RefusedUpdate(ErrorCode.badRequest, 'update has a reference cycle');
    resolving.add(item);
    let result: Resolved;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      result = { root: parent, direct: true };
    } else if (parent instanceof Y.ID) {
      result = { root: resolveContainer(parent), direct: false };
    } else if (parent instanceof Y.AbstractType) {
      result = rootOfType(parent);
    } else {
      if (item.origin === null && item.rightOrigin === null) throw new RefusedUpdate(ErrorCode.badRequest, 'item has neither parent nor origin');
      // Yjs discards an item if either neighbour is garbage; otherwise both neighbours share its parent.
      const left = item.origin ? resolveSibling(item.origin) : null;
      const right = item.rightOrigin ? resolveSibling(item.rightOrigin) : null;
      result = left?.root === null || right?.root === null ? DISCARDED : (left ?? right)!;
    }
    resolving.delete(item);
    memo.set(item, result);
    return result;
  };

  // The root of the type held by the item with this id (a parent reference).
  const resolveContainer = (id: Y.ID): string | null => {
    const fromUpdate = inUpdate(id);
    if (fromUpdate instanceof Y.Item) {
      if (!(fromUpdate.content instanceof Y.ContentType)) throw new RefusedUpdate(ErrorCode.badRequest, 'parent is not a type');
      return resolveNew(fromUpdate).root;
    }
    const fromDoc = inDoc(id);
    // A parent that was deleted and garbage-collected: Yjs discards the child.
    if (fromDoc instanceof Y.GC || fromUpdate instanceof Y.GC) return null;
    if (fromDoc instanceof Y.Item && fromDoc.content instanceof Y.ContentType) {
      return rootOfType(fromDoc.content.type as Y.AbstractType<unknown>).root;
    }
    if (fromDoc instanceof Y.Item && fromDoc.deleted) {
      // A deleted parent whose content was garbage-collected: Yjs will integrate the child as deleted.
      return rootOfDocItem(fromDoc).root;
    }
    throw new RefusedUpdate(ErrorCode.conflict, 'update references a parent the server does not have');
  };

  // An item's parent is the parent of its origin (or right origin).
  const resolveSibling = (id: Y.ID): Resolved => {
    const fromUpdate = inUpdate(id);
    if (fromUpdate instanceof Y.Item) return resolveNew(fromUpdate);
    const fromDoc = inDoc(id);
    if (fromDoc instanceof Y.Item) return rootOfDocItem(fromDoc);
    // Next to garbage-collected content (deleted concurrently): Yjs integrates the item as deleted garbage.
    if (fromDoc instanceof Y.GC || fromUpdate instanceof Y.GC) return DISCARDED;
    throw new RefusedUpdate(ErrorCode.conflict, 'update references content the server does not have');
  };

  const rootOfDocItem = (item: Y.Item): { root: string; direct: boolean } => {
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) throw new RefusedUpdate(ErrorCode.conflict, 'unresolvable parent');
    return rootOfType(parent);
  };

  // A struct the document already has may still name neighbours of other clients only where Yjs finds them.
  const requireNeighboursKnown = (item: Y.Item): void => {
    for (const ref of [item.origin, item.rightOrigin, item.parent instanceof Y.ID ? item.parent : null]) {
      if (ref && ref.client !== item.id.client && !inDoc(ref) && !inUpdate(ref)) {
        throw new RefusedUpdate(ErrorCode.conflict, 'update references content the server does not have');
      }
    }
  };

  const items: InspectedItem[] = [];
  const clientIds = new Set<number>();
  for (const s of decoded.structs) {
    if (s instanceof Y.Skip) continue;
    clientIds.add(s.id.client);
    if (!(s instanceof Y.Item)) continue;
    // Yjs looks up the neighbours of every struct before it checks whether it already has it, and splits
    // the document's items at them (Item.getMissing): a struct it then skips still splits a character in
    // memory, and one whose neighbour it lacks holds the rest of the update back as pending.
    if ((s.origin && splitsSurrogate(s.origin, true)) || (s.rightOrigin && splitsSurrogate(s.rightOrigin, false))) {
      throw new RefusedUpdate(ErrorCode.badRequest, 'update splits a character in two');
    }
    // Otherwise structs the document already has are ignored by Yjs; only new ones matter.
    if (s.id.clock + s.length <= Y.getState(store, s.id.client)) {
      requireNeighboursKnown(s);
      continue;
    }
    const r = resolveNew(s);
    const known = Y.getState(store, s.id.client);
    if (s.id.clock < known) {
      // A struct that starts inside what the document already has (an honest client's live update and its
      // sync step 2 can overlap). Yjs keeps only the new tail and re-anchors it after the document's own
      // struct at `known - 1`, whatever the struct's declared origin says. That struct must be an item in
      // the same place: a garbage-collected one crashes Yjs half-way (it has no right neighbour), and one
      // elsewhere would put the tail somewhere the lock check never looked.
      // The cut may not fall inside a surrogate pair either: Yjs would keep half a character in memory
      // while storage keeps the whole update.
      if (s.content instanceof Y.ContentString) {
        const highHalf = s.content.str.charCodeAt(known - s.id.clock - 1);
        if (highHalf >= 0xd800 && highHalf <= 0xdbff) throw new RefusedUpdate(ErrorCode.badRequest, 'update splits a character in two');
      }
      const previous = Y.getItem(store, Y.createID(s.id.client, known - 1));
      if (!(previous instanceof Y.Item)) {
        throw new RefusedUpdate(ErrorCode.conflict, 'update overlaps garbage-collected content; resync', undefined, true);
      }
      if (r.root !== null) {
        const anchor = previous.deleted && !(previous.parent instanceof Y.AbstractType) ? null : rootOfDocItem(previous);
        if (anchor === null || anchor.root !== r.root || anchor.direct !== r.direct) {
          throw new RefusedUpdate(ErrorCode.badRequest, 'update continues a run somewhere else');
        }
      }
    }
    if (r.root !== null) items.push({ item: s, root: r.root, direct: r.direct });
  }

  const deletedRoots = new Set<string>();
  const deletedEntries = new Map<string, unknown[]>();
  let deletions = 0;
  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      if (range.len <= 0) throw new RefusedUpdate(ErrorCode.badRequest, 'update holds an empty delete range');
      if (range.clock + range.len > MAX_CLOCK) throw new RefusedUpdate(ErrorCode.badRequest, 'update clock out of range');
      // A deletion that starts or ends inside a surrogate pair splits the character, as an origin would.
      if (splitsSurrogate(Y.createID(client, range.clock), false) || splitsSurrogate(Y.createID(client, range.clock + range.len), false)) {
        throw new RefusedUpdate(ErrorCode.badRequest, 'update splits a character in two');
      }
      deletions += 1;
      let clock = range.clock;
      const end = range.clock + range.len;
      while (clock < end) {
        const id = Y.createID(client, clock);
        const fromUpdate = inUpdate(id);
        if (fromUpdate) {
          if (fromUpdate instanceof Y.Item) {
            const root = resolveNew(fromUpdate).root;
            if (root !== null) deletedRoots.add(root);
          }
          clock = fromUpdate.id.clock + fromUpdate.length;
          continue;
        }
        const fromDoc = inDoc(id);
        if (!fromDoc) throw new RefusedUpdate(ErrorCode.conflict, 'update deletes content the server does not have');
        if (fromDoc instanceof Y.Item && !fromDoc.deleted) {
          const r = rootOfDocItem(fromDoc);
          deletedRoots.add(r.root);
          if (r.direct && fromDoc.content instanceof Y.ContentAny) {
            // Only the part of the item inside the deleted range goes.
            const from = Math.max(clock, fromDoc.id.clock) - fromDoc.id.clock;
            const to = Math.min(end, fromDoc.id.clock + fromDoc.length) - fromDoc.id.clock;
            let list = deletedEntries.get(r.root);
            if (!list) deletedEntries.set(r.root, (list = []));
            list.push(...fromDoc.content.arr.slice(from, to));
          }
        }
        clock = fromDoc.id.clock + fromDoc.length;
      }
    }
  }

  return { clientIds, items, deletedRoots, deletedEntries, empty: items.length === 0 && deletions === 0 };
}
