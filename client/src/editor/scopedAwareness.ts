import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';

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
 */
export function scopedAwareness(awareness: Awareness, fragment: Y.XmlFragment): Awareness {
  const setLocalStateField = (field: string, value: unknown): void => {
    const current: unknown = awareness.getLocalState()?.[field];
    if (value === null && field === 'cursor' && current != null && !cursorIsIn(current, fragment)) return;
    if (sameJson(current, value)) return;
    awareness.setLocalStateField(field, value);
  };
  return new Proxy(awareness, {
    get(target, property) {
      if (property === 'setLocalStateField') return setLocalStateField;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
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
