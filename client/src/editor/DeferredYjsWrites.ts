import { Plugin, type EditorState, type PluginView } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { holdUnwrittenEdits } from '../collab/unwrittenEdits';
import { afterNextPaint } from './afterPaint';

/** The part of ProseMirror's DOM observer (prosemirror-view's `view.domObserver`, internal) a deferred read uses. */
interface DomObserver {
  /** Reads the DOM changes and selection the browser made into a transaction. */
  flush(): void;
  /** The changes observed but not read yet. */
  queue: MutationRecord[];
  /** A timer id while a read is put off (`flush` does nothing meanwhile; `forceFlush` reads at once), else -1. */
  flushingSoon: number;
}

/**
 * What `flushingSoon` holds while a typed key waits for the paint: not -1, so ProseMirror treats the read
 * as put off, and no timer's id (those are positive), so its `forceFlush` clearing it clears nothing else.
 * The after-paint flush, with its own fallback for a tab that paints nothing, does the read.
 */
const READ_AFTER_PAINT = 0;

/**
 * The input whose DOM change is read after the paint when it changes text nodes only: a typed
 * character, and Backspace or Delete taking one back within the text (joining paragraphs changes
 * elements, and ProseMirror's keymap handles it in the keydown anyway).
 */
const DEFERRED_INPUT = new Set(['insertText', 'deleteContentBackward', 'deleteContentForward']);

/** Whether prosemirror-view's DOM observer still has the shape a deferred read relies on. */
function isDomObserver(observer: Partial<DomObserver> | undefined): observer is DomObserver {
  return typeof observer?.flush === 'function' && Array.isArray(observer.queue) && typeof observer.flushingSoon === 'number';
}

/** A read of typed text put off until after the paint. */
interface PendingRead {
  view: EditorView;
  observer: DomObserver;
  /** ProseMirror's own `flush`. */
  read: () => void;
}

/** One wrapped plugin view of an editor, in plugin order. */
interface DeferredView {
  view: EditorView;
  inner: PluginView;
  /** The state before the first update not yet passed on, or null when none is pending. */
  pendingSince: EditorState | null;
}

/**
 * Lets a cell editor paint a keystroke before it reads the keystroke into
 * its own document and writes it into the memo's Y.Doc.
 *
 * y-prosemirror does its Yjs work in plugin views that ProseMirror updates
 * inside every transaction: the sync plugin compares the whole cell with
 * its Yjs fragment and writes the difference in a Yjs transaction (whose
 * listeners encode and send the update, record undo steps and mark the memo
 * unsaved), and the caret plugin turns the selection into relative
 * positions for the others. That ran between the browser inserting a typed
 * character and painting it — about half of the editor's own cost of a
 * keystroke, and the most variable part (it allocates the most).
 *
 * The wrapped plugin views (see {@link wrap}) pass a local update on right
 * after the next frame is painted ({@link afterNextPaint}), in plugin order
 * (the document before the caret), once for all the transactions of that
 * frame — the sync plugin writes the whole difference either way. Updates
 * caused by the document itself (a remote change, an undo step: the sync
 * plugin's `isChangeOrigin`) are passed on at once, after anything pending.
 *
 * A plain typed character is read after the paint too. The browser puts it
 * into the DOM itself; ProseMirror then reads the change (its DOM observer
 * parses the changed text, makes a transaction, every plugin applies it, the
 * view compares its DOM) — the rest of the editor's cost of a keystroke.
 * For a typed character, or one taken back with Backspace or Delete, without
 * a selection, composition or stored marks and changing text nodes only
 * ({@link DEFERRED_INPUT}), that read waits for the paint
 * ({@link deferTypedReads}): the frame shows what the browser changed, and
 * ProseMirror reads it, with its transaction's Yjs work passed on straight
 * after, in the same task. Other input (pasting, an input method, a
 * formatted character, a selection replaced) is read at once, as
 * ProseMirror always does.
 *
 * Nothing may see the Y.Doc without the held edit: the editor registers it
 * with {@link holdUnwrittenEdits}, so that the connection writes it before
 * applying a message from the server (which would otherwise replace the
 * cell's content without it), and it is written before any key the editor
 * handles (an undo acts on the document), before a bracket is anchored,
 * before a sign-off hashes the text on screen, and when the editor is
 * destroyed (the cell scrolled away; Tiptap's `onDestroy`, see
 * cellExtensions). Likewise nothing may see the editor's state without an
 * unread character: anything that reads the state (to make a transaction)
 * has it read first.
 */
export class DeferredYjsWrites {
  private readonly views: DeferredView[] = [];
  private scheduled = false;
  /** The editor whose next DOM read is of a typed (or deleted) character, set by its `beforeinput`. */
  private typingIn: EditorView | null = null;
  private pendingRead: PendingRead | null = null;
  private release: (() => void) | null = null;

  constructor(private readonly doc: Y.Doc) {}

  /**
   * Reads and writes pending edits before the editor handles any key (an undo, for one, must act on a
   * document that has them), and marks a plain typed or deleted character for a read after the paint.
   */
  readonly beforeKeys = new Plugin({
    props: {
      handleDOMEvents: {
        keydown: () => {
          this.flush();
          return false;
        },
        beforeinput: (view, event) => {
          const { selection, storedMarks } = view.state;
          this.typingIn = DEFERRED_INPUT.has(event.inputType) && !event.isComposing && !view.composing && selection.empty && !storedMarks ? view : null;
          return false;
        },
      },
    },
    // An unread key is read at Tiptap's `onDestroy`, before the view goes; the view's element stays (static text).
    view: (view) => ({ destroy: this.deferTypedReads(view) }),
  });

  /**
   * Makes ProseMirror read a typed character after the paint (see the class
   * comment): the character is already in the DOM — the browser put it
   * there — so the frame shows it either way. Whatever looks at the
   * editor's state before then (to make a transaction: a remote caret moving,
   * a command, a remote change) has the character read first, so no
   * transaction is ever made from a state that lacks it.
   */
  private deferTypedReads(view: EditorView): () => void {
    const observer = (view as unknown as { domObserver?: Partial<DomObserver> }).domObserver;
    // Internal to prosemirror-view: should a later version change it, keys are read at once, as ProseMirror does.
    if (!isDomObserver(observer)) return () => undefined;
    const read = observer.flush.bind(observer);
    observer.flush = () => {
      const typed = this.typingIn === view && observer.queue.length > 0 && observer.queue.every((record) => record.type === 'characterData');
      this.typingIn = null;
      if (!typed || observer.flushingSoon > -1) {
        read();
        return;
      }
      observer.flushingSoon = READ_AFTER_PAINT;
      this.pendingRead = { view, observer, read };
      this.holdUntilPainted();
    };
    // ProseMirror looks through the state's plugins for a handler of every DOM event it hears. A key's
    // keyup, which often comes before the key's frame, needs no read for that (no plugin here handles
    // keyup, and the plugins are the same after the read): while its listeners run, the state is served
    // as it is. The capture listener runs before ProseMirror's, the other after it.
    let hushed = false;
    const hush = (): void => {
      hushed = true;
    };
    const unhush = (): void => {
      hushed = false;
    };
    view.dom.addEventListener('keyup', hush, { capture: true });
    view.dom.addEventListener('keyup', unhush);
    // An accessor on this one view (V8 then keeps the view's properties in a dictionary: about 12 ns a
    // property read, tens of microseconds a key; see PERFORMANCE.md, tenth pass).
    let state = view.state;
    Object.defineProperty(view, 'state', {
      configurable: true,
      get: () => {
        if (!hushed && this.pendingRead?.view === view) this.readTyped();
        return state;
      },
      set: (next: EditorState) => {
        state = next;
      },
    });
    return () => {
      view.dom.removeEventListener('keyup', hush, { capture: true });
      view.dom.removeEventListener('keyup', unhush);
    };
  }

  /** Reads a typed character put off by {@link deferTypedReads}, if any (its transaction's updates are then pending). */
  private readTyped(): void {
    const pending = this.pendingRead;
    if (!pending) return;
    this.pendingRead = null;
    // ProseMirror may have read it already (its `forceFlush`, e.g. on a keydown).
    if (pending.observer.flushingSoon !== READ_AFTER_PAINT) return;
    pending.observer.flushingSoon = -1;
    // Reading dispatches a transaction whose plugin-view updates must not wait for another frame: they are
    // passed on by the flush that reads (or by the after-paint flush scheduled when the read was put off).
    const scheduled = this.scheduled;
    this.scheduled = true;
    try {
      pending.read();
    } finally {
      this.scheduled = scheduled;
    }
  }

  /** The same plugin, whose view's updates are deferred as described above. */
  wrap(plugin: Plugin): Plugin {
    const createView = plugin.spec.view;
    if (!createView) return plugin;
    return new Plugin({
      ...plugin.spec,
      view: (view) => {
        const entry: DeferredView = { view, inner: createView(view), pendingSince: null };
        this.views.push(entry);
        return {
          update: (updated, prevState) => this.update(entry, updated, prevState),
          destroy: () => {
            // Teardown completes even if the last write fails (its error still surfaces).
            try {
              this.flush();
            } finally {
              this.views.splice(this.views.indexOf(entry), 1);
              entry.inner.destroy?.();
            }
          },
        };
      },
    });
  }

  /** Passes every pending update on now (no-op when none is pending). */
  readonly flush = (): void => {
    this.readTyped();
    if (!this.release) return;
    this.release();
    this.release = null;
    for (const entry of this.views) {
      const since = entry.pendingSince;
      if (since === null) continue;
      entry.pendingSince = null;
      if (!entry.view.isDestroyed) entry.inner.update?.(entry.view, since);
    }
  };

  private update(entry: DeferredView, view: EditorView, prevState: EditorState): void {
    const sync = ySyncPluginKey.getState(view.state) as { isChangeOrigin?: boolean } | undefined;
    if (sync?.isChangeOrigin) {
      this.flush();
      entry.inner.update?.(view, prevState);
      return;
    }
    entry.pendingSince ??= prevState;
    this.holdUntilPainted();
  }

  /** Registers the held edit (see the class comment) and has it read and written right after the next paint. */
  private holdUntilPainted(): void {
    if (!this.release) this.release = holdUnwrittenEdits(this.doc, this.flush);
    if (this.scheduled) return;
    this.scheduled = true;
    afterNextPaint(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
