import { Plugin, type EditorState, type PluginView } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { holdUnwrittenEdits } from '../collab/unwrittenEdits';
import { afterNextPaint } from './afterPaint';

/** One wrapped plugin view of an editor, in plugin order. */
interface DeferredView {
  view: EditorView;
  inner: PluginView;
  /** The state before the first update not yet passed on, or null when none is pending. */
  pendingSince: EditorState | null;
}

/**
 * Lets a cell editor paint a keystroke before it writes the keystroke into
 * the memo's Y.Doc.
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
 * Nothing may see the Y.Doc without the held edit: the editor registers it
 * with {@link holdUnwrittenEdits}, so that the connection writes it before
 * applying a message from the server (which would otherwise replace the
 * cell's content without it), and it is written before any key the editor
 * handles (an undo acts on the document), before a bracket is anchored,
 * before a sign-off hashes the text on screen, and when the plugin views are
 * destroyed (the cell scrolled away).
 */
export class DeferredYjsWrites {
  private readonly views: DeferredView[] = [];
  private scheduled = false;
  private release: (() => void) | null = null;

  constructor(private readonly doc: Y.Doc) {}

  /** Writes pending edits before the editor handles any key: an undo, for one, must act on a document that has them. */
  readonly beforeKeys = new Plugin({
    props: {
      handleDOMEvents: {
        keydown: () => {
          this.flush();
          return false;
        },
      },
    },
  });

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
    if (!this.release) this.release = holdUnwrittenEdits(this.doc, this.flush);
    if (this.scheduled) return;
    this.scheduled = true;
    afterNextPaint(() => {
      this.scheduled = false;
      this.flush();
    });
  }
}
