import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';

/** The least time between two writes of this window's own caret to awareness (each is sent to everyone). */
export const CURSOR_WRITE_DELAY_MS = 50;

/**
 * The view of the memo's one shared Awareness that a single cell editor gets.
 *
 * Every cell's caret plugin writes this window's `cursor` field. When an
 * editor is destroyed, y-prosemirror clears `cursor` unconditionally — even
 * if the caret is in another cell — and each editor that mounts re-writes
 * the (unchanged) `user` field, which is broadcast every time. Cells mount
 * and unmount as the reader scrolls, so both would show: carets vanishing
 * for everyone else, and a burst of awareness messages that could trip the
 * server's rate limit. This wrapper forwards everything to the real
 * Awareness except (a) clearing a cursor that lies outside `fragment` and
 * (b) re-setting a field to a value equal to the current one.
 *
 * The caret plugin writes `cursor` after every keystroke (right after its
 * paint, see DeferredYjsWrites); each write encodes and sends an awareness
 * message and wakes every awareness listener. Those writes are throttled
 * here: a caret that moves after a quiet spell is written at once (in that
 * same after-paint task, so others see it without delay), and while it keeps
 * moving at most one caret is written per {@link CURSOR_WRITE_DELAY_MS}, the
 * newest one. Writing a steady typist's caret only after a fixed delay put
 * that write (about a millisecond) just where the next keystroke arrives.
 * While a caret waits, the view reads it back as its local state, so the
 * plugins compare against what will be written.
 *
 * It also filters the `change` event: the caret plugin of every mounted
 * editor redraws its decorations on each awareness change, and this
 * window's own caret changes with every keystroke, so with dozens of editors
 * mounted each keystroke cost dozens of ProseMirror transactions. A cell's
 * listeners hear only changes of other clients whose cursor is in its
 * fragment, or was when last seen (so a caret that leaves is removed); this
 * window's own caret is never drawn, so its changes wake no cell.
 */
export function scopedAwareness(awareness: Awareness, fragment: Y.XmlFragment): Awareness {
  const writer = cursorWriter(awareness);
  const setLocalStateField = (field: string, value: unknown): void => {
    const current: unknown = writer.localState()?.[field];
    if (value === null && field === 'cursor' && current != null && !cursorIsIn(current, fragment)) return;
    if (sameJson(current, value)) return;
    if (field === 'cursor') writer.write(value);
    else awareness.setLocalStateField(field, value);
  };
  // Clients whose cursor was in this fragment when last seen.
  const inside = new Set<number>();
  const concernsFragment = (change: AwarenessChange): boolean => {
    let concerns = false;
    for (const clientId of [...change.added, ...change.updated, ...change.removed]) {
      if (clientId === awareness.clientID) continue;
      const now = cursorRoot(change, awareness, clientId) === fragment;
      if (now || inside.has(clientId)) concerns = true;
      if (now) inside.add(clientId);
      else inside.delete(clientId);
    }
    return concerns;
  };
  const filtered = new Map<ChangeListener, ChangeListener>();
  const on = (event: string, listener: ChangeListener): void => {
    if (event !== 'change') return awareness.on(event, listener);
    const only: ChangeListener = (change, origin) => {
      if (concernsFragment(change)) listener(change, origin);
    };
    filtered.set(listener, only);
    awareness.on('change', only);
  };
  const off = (event: string, listener: ChangeListener): void => {
    const only = event === 'change' ? filtered.get(listener) : undefined;
    if (only) {
      filtered.delete(listener);
      awareness.off('change', only);
    } else awareness.off(event, listener);
  };
  return new Proxy(awareness, {
    get(target, property) {
      if (property === 'setLocalStateField') return setLocalStateField;
      if (property === 'getLocalState') return writer.localState;
      if (property === 'on') return on;
      if (property === 'off') return off;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The one pending cursor of a window (all its cells write the same field). */
interface CursorWriter {
  /** The local state as it will be once the pending cursor is written. */
  localState: () => Record<string, unknown> | null;
  write(cursor: unknown): void;
}

const writers = new WeakMap<Awareness, CursorWriter>();

function cursorWriter(awareness: Awareness): CursorWriter {
  let writer = writers.get(awareness);
  if (writer) return writer;
  let pending: { cursor: unknown } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writtenAt = -Infinity;
  const flush = (): void => {
    timer = null;
    const next = pending;
    pending = null;
    const state = awareness.getLocalState();
    // A destroyed awareness (the memo was closed meanwhile) has no local state: nothing to write.
    if (!next || state === null || sameJson(state.cursor, next.cursor)) return;
    writtenAt = performance.now();
    awareness.setLocalStateField('cursor', next.cursor);
  };
  writer = {
    localState: () => {
      const state = awareness.getLocalState();
      return pending === null || state === null ? state : { ...state, cursor: pending.cursor };
    },
    write(cursor) {
      pending = { cursor };
      if (timer !== null) return;
      const wait = writtenAt + CURSOR_WRITE_DELAY_MS - performance.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
  };
  writers.set(awareness, writer);
  return writer;
}

/** The argument of Awareness's `change` event. */
interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
type ChangeListener = (change: AwarenessChange, origin: unknown) => void;

// Every cell's filter sees the same change object: resolve each client's cursor once per change.
const cursorRoots = new WeakMap<AwarenessChange, Map<number, Y.AbstractType<unknown> | null>>();

/** The root type holding a client's cursor as of this change, or null (no cursor, unresolvable, removed). */
function cursorRoot(change: AwarenessChange, awareness: Awareness, clientId: number): Y.AbstractType<unknown> | null {
  let roots = cursorRoots.get(change);
  if (!roots) {
    roots = new Map();
    cursorRoots.set(change, roots);
  }
  if (roots.has(clientId)) return roots.get(clientId) ?? null;
  const cursor: unknown = awareness.getStates().get(clientId)?.cursor;
  const anchor = typeof cursor === 'object' && cursor !== null ? (cursor as { anchor?: unknown }).anchor : undefined;
  let root: Y.AbstractType<unknown> | null = null;
  if (anchor != null) {
    try {
      const absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), awareness.doc);
      let type: Y.AbstractType<unknown> | null = absolute?.type ?? null;
      while (type?._item) {
        const parent: unknown = type._item.parent;
        type = parent instanceof Y.AbstractType ? parent : null;
      }
      root = type;
    } catch {
      root = null; // a malformed cursor from another client shows nowhere
    }
  }
  roots.set(clientId, root);
  return root;
}

/** Whether a y-prosemirror cursor (`{ anchor, head }` relative positions) points into `fragment`. */
function cursorIsIn(cursor: unknown, fragment: Y.XmlFragment): boolean {
  const anchor = typeof cursor === 'object' && cursor !== null ? (cursor as { anchor?: unknown }).anchor : undefined;
  const doc = fragment.doc;
  if (anchor === undefined || anchor === null || !doc) return true;
  const absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(anchor), doc);
  if (!absolute) return true; // unresolvable: let the owner's clear go through
  let type: Y.AbstractType<unknown> | null = absolute.type;
  while (type) {
    if (type === fragment) return true;
    const parent: unknown = type._item?.parent;
    type = parent instanceof Y.AbstractType ? parent : null;
  }
  return false;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}
