import { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { PresenceUser } from '@accord/shared/memo/presence';
import { cellExtensions } from './cellExtensions';
import { clearStaticText } from './staticText';

/** What {@link createCellEditor} needs. */
export interface CellEditorOptions {
  /** The cell's text element; the editor adopts it as its contenteditable node. */
  element: HTMLElement;
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  user: PresenceUser;
  /** Accessible name, e.g. `Clause status-1 en`. */
  label: string;
  lang: string;
  editable: boolean;
}

/** A mounted cell editor and how to change whether it accepts input. */
export interface CellEditor {
  editor: Editor;
  setEditable(editable: boolean): void;
  destroy(): void;
}

/**
 * Mounts one small Tiptap editor on a cell's existing text element
 * (ProseMirror's `{ mount }` placement) instead of creating a new node: the
 * element that showed the static text becomes the editor, keeping its place,
 * its accessible name and any focus it had, so nothing on the page — a
 * screen reader, a test, the reader's eye — sees a swap. Destroying the
 * editor leaves the element empty for static text again.
 */
export function createCellEditor(options: CellEditorOptions): CellEditor {
  const { element, fragment, provider, user, label, lang } = options;
  // ProseMirror renders into the element itself; the static paragraphs must go first.
  element.replaceChildren();
  let editable = options.editable;
  // A plain object: Tiptap spreads `attributes` into the first view's props, which would drop a function.
  const attributes = (): Record<string, string> => ({
    role: 'textbox',
    'aria-label': label,
    'aria-multiline': 'true',
    'aria-readonly': editable ? 'false' : 'true',
    lang,
    class: 'cell-text',
    spellcheck: 'true',
  });
  const editor = new Editor({
    element: { mount: element },
    extensions: cellExtensions(fragment, provider, user),
    editable,
    editorProps: { attributes: attributes() },
  });
  clearStaticText(element);
  return {
    editor,
    setEditable(next) {
      if (next === editable || editor.isDestroyed) return;
      editable = next;
      editor.setOptions({ editorProps: { ...editor.options.editorProps, attributes: attributes() } });
      editor.setEditable(next, false);
    },
    destroy() {
      editor.destroy();
    },
  };
}
