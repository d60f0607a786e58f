import { getMarkRange, type Editor } from '@tiptap/core';
import type { Mark } from '@tiptap/pm/model';
import type { EditorState } from '@tiptap/pm/state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import { BRACKET_MARK, type BracketAttrs } from '@accord/shared/memo/agreement';
import { writeUnwrittenEdits } from '../collab/unwrittenEdits';

/**
 * Creating and removing brackets (contested spans) in a cell editor.
 *
 * The span to bracket is chosen before the reason dialog opens and applied
 * after it closes; meanwhile other people keep typing. The span is therefore
 * kept as Yjs relative positions, which stay attached to the same characters
 * whatever is inserted or deleted around them.
 */

/** A selected span, anchored to characters rather than offsets. */
export interface AnchoredSpan {
  from: unknown;
  to: unknown;
  /** The text as it was when chosen (for the dialog). */
  text: string;
}

interface YSyncState {
  doc: import('yjs').Doc;
  type: import('yjs').XmlFragment;
  binding: { mapping: Map<unknown, unknown> } | null;
}

const ySync = (state: EditorState): YSyncState | null => (ySyncPluginKey.getState(state) as YSyncState | undefined) ?? null;

/** Anchors the editor's current selection, or null if nothing (or only blank space) is selected. */
export function anchorSelection(editor: Editor): AnchoredSpan | null {
  const sync = ySync(editor.state);
  // Relative positions are read from the Yjs fragment: it must hold every keystroke first.
  if (sync) writeUnwrittenEdits(sync.doc);
  const { from, to, empty } = editor.state.selection;
  const text = editor.state.doc.textBetween(from, to, ' ');
  if (empty || text.trim() === '' || !sync?.binding) return null;
  const mapping = sync.binding.mapping as Parameters<typeof absolutePositionToRelativePosition>[2];
  return {
    from: absolutePositionToRelativePosition(from, sync.type, mapping),
    to: absolutePositionToRelativePosition(to, sync.type, mapping),
    text,
  };
}

/**
 * Brackets the anchored span for `attrs.party` with `attrs.reason`. Added
 * with ProseMirror's `addMark` (not Tiptap's `setMark`, which would rewrite
 * the attributes of another party's bracket already on that text). Returns
 * false when the span is gone or the change was refused (a lock).
 */
export function applyBracket(editor: Editor, span: AnchoredSpan, attrs: BracketAttrs): boolean {
  if (editor.isDestroyed) return false;
  const sync = ySync(editor.state);
  if (!sync?.binding) return false;
  writeUnwrittenEdits(sync.doc);
  const mapping = sync.binding.mapping as Parameters<typeof relativePositionToAbsolutePosition>[3];
  const from = relativePositionToAbsolutePosition(sync.doc, sync.type, span.from, mapping);
  const to = relativePositionToAbsolutePosition(sync.doc, sync.type, span.to, mapping);
  if (from === null || to === null || from >= to) return false;
  if (editor.state.doc.textBetween(from, to, ' ').trim() === '') return false;
  const type = editor.schema.marks[BRACKET_MARK];
  if (!type) return false;
  const before = editor.state.doc;
  editor.view.dispatch(editor.state.tr.addMark(from, to, type.create({ party: attrs.party, reason: attrs.reason })));
  return editor.state.doc !== before;
}

/** A bracket of one party touching the selection: the mark and the whole span it covers. */
export interface FoundBracket {
  mark: Mark;
  from: number;
  to: number;
}

/** The bracket of `party` that the cursor (or the start of the selection) is in or next to, if any. */
export function ownBracketAt(state: EditorState, party: string | null): FoundBracket | null {
  if (party === null) return null;
  const type = state.schema.marks[BRACKET_MARK];
  if (!type) return null;
  const $from = state.selection.$from;
  const candidates = [...($from.nodeAfter?.marks ?? []), ...($from.nodeBefore?.marks ?? [])];
  for (const mark of candidates) {
    if (mark.type !== type || mark.attrs.party !== party) continue;
    const range = getMarkRange($from, type, mark.attrs);
    if (range) return { mark, from: range.from, to: range.to };
  }
  return null;
}

/** Removes one of this party's brackets (the text stays). Returns false if the change was refused. */
export function removeBracket(editor: Editor, found: FoundBracket): boolean {
  if (editor.isDestroyed) return false;
  const before = editor.state.doc;
  editor.view.dispatch(editor.state.tr.removeMark(found.from, found.to, found.mark));
  return editor.state.doc !== before;
}
