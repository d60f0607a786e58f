import { Extension } from '@tiptap/core';
import { Plugin } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/** Room kept between the caret and the edge of what the reader sees, in pixels (ProseMirror's default margin). */
const MARGIN_PX = 5;

/**
 * Keeps a collapsed caret in view as the page needs it: below the memo's
 * sticky header (which ProseMirror does not know about, so a line typed
 * under the header stayed hidden) and above the bottom of the window.
 *
 * It is also cheaper on every keystroke: ProseMirror's own scroll walks
 * every ancestor of the editor, reading each one's box and computed style
 * (about 0.2 ms per key here); cell editors live in the page itself, so
 * one look at the caret and the header is enough. Range and node
 * selections still get ProseMirror's handling.
 */
export const CaretInView = Extension.create({
  name: 'caretInView',
  addProseMirrorPlugins: () => [new Plugin({ props: { handleScrollToSelection: scrollCaretIntoView } })],
});

/** Scrolls the window so the caret is visible between the sticky header and the bottom edge; true if it handled the selection. */
export function scrollCaretIntoView(view: EditorView): boolean {
  if (!view.state.selection.empty) return false;
  const caret = view.coordsAtPos(view.state.selection.head);
  const header = view.dom.ownerDocument.querySelector('.memo-header');
  const top = (header?.getBoundingClientRect().bottom ?? 0) + MARGIN_PX;
  const bottom = window.innerHeight - MARGIN_PX;
  if (caret.top < top) window.scrollBy(0, caret.top - top);
  else if (caret.bottom > bottom) window.scrollBy(0, caret.bottom - bottom);
  return true;
}
