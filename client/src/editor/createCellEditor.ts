import { Editor } from '@tiptap/core';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { PresenceUser } from '@accord/shared/memo/presence';
import type { ClauseLock } from '../agreement/AgreementStore';
import type { RefusalReason } from './ClauseGuard';
import { cellExtensions } from './cellExtensions';
import type { SelectionTracker } from './SelectionTracker';
import { clearStaticText } from './staticText';
import { containTypingEvents } from './containTypingEvents';

/** What a clause cell's editor needs beyond a plain cell's. */
export interface ClauseCellOptions {
  clauseId: string;
  /** The clause's lock, read synchronously (LK1/LK2 in this window). */
  lock: ClauseLock;
  /** The party this window acts for; brackets of other parties cannot be added or removed here. */
  myPartyId: string | null;
  /** Follows the focused cell for the bracket toolbar. */
  tracker: SelectionTracker;
  /** Told when a local change was refused (the clause is locked, or it would touch another party's bracket). */
  onRefused: (reason: RefusalReason) => void;
}

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
  /** Whether this person may edit at all (observers and closed connections may not). */
  editable: boolean;
  /** The hover text of a bracket (party name and reason). */
  describeBracket: (party: string | null, reason: string | null) => string;
  /** Set for clause cells. */
  clause?: ClauseCellOptions;
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
 *
 * A clause cell is editable only while its clause is not locked. The lock is
 * followed directly (not through React), and on every lock or unlock the
 * cell's undo history is cleared: undo must never reach back across a lock
 * into text that was agreed, or that was changed before it was reopened.
 */
export function createCellEditor(options: CellEditorOptions): CellEditor {
  const { element, fragment, provider, user, label, lang, clause } = options;
  // ProseMirror renders into the element itself; the static paragraphs must go first.
  element.replaceChildren();
  let allowed = options.editable;
  const effective = (): boolean => allowed && !(clause?.lock.isLocked() ?? false);
  let editable = effective();
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
  const created = new Editor({
    element: { mount: element },
    extensions: cellExtensions(
      fragment,
      provider,
      user,
      options.describeBracket,
      clause
        ? {
            isLocked: () => clause.lock.isLocked(),
            myPartyId: clause.myPartyId,
            onRefused: clause.onRefused,
            onBracketShortcut: () => clause.tracker.requestBracket(),
          }
        : null,
    ),
    editable,
    // The text comes from the fragment (Collaboration); an empty document as JSON spares Tiptap
    // parsing its default `''` as HTML, which builds a whole DOM document for every editor mounted.
    content: EMPTY_DOC,
    editorProps: { attributes: attributes() },
    // Tiptap's 'delete' extension maps every transaction's changed ranges to emit 'delete' events, which nothing here hears.
    enableCoreExtensions: { delete: false },
  });
  clearStaticText(element);
  const releaseTypingEvents = containTypingEvents(created.view.dom);

  const apply = (): void => {
    const next = effective();
    if (next === editable || created.isDestroyed) return;
    editable = next;
    created.setOptions({ editorProps: { ...created.options.editorProps, attributes: attributes() } });
    created.setEditable(next, false);
  };
  const offLock = clause?.lock.subscribe(() => {
    apply();
    clearUndoHistory(created);
  });
  const detach = clause ? clause.tracker.attach(created, clause.clauseId) : undefined;

  return {
    editor: created,
    setEditable(next) {
      allowed = next;
      apply();
    },
    destroy() {
      offLock?.();
      detach?.();
      releaseTypingEvents();
      created.destroy();
    },
  };
}

/** The document a cell editor starts from before Collaboration fills it from the fragment. */
const EMPTY_DOC = { type: 'doc', content: [{ type: 'paragraph' }] };

/** Empties the Yjs-aware undo and redo stacks of the Collaboration extension. */
function clearUndoHistory(editor: Editor): void {
  if (editor.isDestroyed) return;
  const state = yUndoPluginKey.getState(editor.state) as { undoManager?: Y.UndoManager } | undefined;
  state?.undoManager?.clear();
}
