import type * as Y from 'yjs';

const writers = new WeakMap<Y.Doc, Set<() => void>>();

/**
 * Registers edits that exist in an editor of this window but are not yet
 * written into the memo's Y.Doc (a cell editor writes them just after the
 * keystroke is painted, see `editor/DeferredYjsWrites`). `write` puts them
 * into the document now. Returns the function that withdraws the
 * registration, called once they are written.
 */
export function holdUnwrittenEdits(doc: Y.Doc, write: () => void): () => void {
  let set = writers.get(doc);
  if (!set) {
    set = new Set();
    writers.set(doc, set);
  }
  set.add(write);
  return () => {
    set.delete(write);
  };
}

/**
 * Writes every held edit into the document now. Called before the document
 * changes in any other way (a message from the server, an undo, a bracket
 * placed through relative positions), so that this window's edits are never
 * overtaken by, or computed against, a document that lacks them.
 */
export function writeUnwrittenEdits(doc: Y.Doc): void {
  const set = writers.get(doc);
  if (!set || set.size === 0) return;
  for (const write of [...set]) write();
}

/** True while some editor holds edits not yet written into the document (they count as unsaved). */
export function hasUnwrittenEdits(doc: Y.Doc): boolean {
  return (writers.get(doc)?.size ?? 0) > 0;
}
