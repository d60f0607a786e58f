import type { Editor } from '@tiptap/core';
import { BRACKET_MARK } from '@accord/shared/memo/agreement';

/** The clause cell that has focus now, as the bracket toolbar needs it. */
export interface ActiveCell {
  editor: Editor;
  clauseId: string;
  /** Bumped on every selection or content change, so the toolbar re-reads position and brackets. */
  version: number;
}

/**
 * Which clause cell is focused and where its selection is. Only one editor
 * has focus at a time, so one memo-wide floating toolbar follows it instead
 * of every cell carrying its own. Snapshot/subscribe for
 * `useSyncExternalStore`; only the toolbar listens.
 */
export class SelectionTracker {
  private current: ActiveCell | null = null;
  /** Whether the toolbar may show anything for the current selection (see {@link mayShowToolbar}). */
  private currentShows = false;
  private version = 0;
  private readonly listeners = new Set<() => void>();
  private readonly bracketRequests = new Set<() => void>();

  /** Follows one clause cell editor. Returns the function that stops following it. */
  attach(editor: Editor, clauseId: string): () => void {
    const onFocus = (): void => this.set({ editor, clauseId, version: ++this.version });
    // A cell usually becomes an editor because it received focus, so the editor starts out focused
    // without ever emitting 'focus' (and Tiptap's `isFocused` is false): ask the view instead.
    const onChange = (): void => {
      if (this.current?.editor !== editor && (editor.isDestroyed || !editor.view.hasFocus())) return;
      // Typing moves a collapsed caret outside any bracket: the toolbar shows nothing before or after,
      // so it is not woken (a React render and commit inside every keystroke).
      const shows = mayShowToolbar(editor);
      if (this.current?.editor === editor && !shows && !this.currentShows) return;
      this.set({ editor, clauseId, version: ++this.version }, shows);
    };
    const onBlur = (): void => {
      if (this.current?.editor === editor) this.set(null);
    };
    editor.on('focus', onFocus);
    editor.on('selectionUpdate', onChange);
    editor.on('update', onChange);
    editor.on('blur', onBlur);
    if (editor.view.hasFocus()) onFocus();
    return () => {
      editor.off('focus', onFocus);
      editor.off('selectionUpdate', onChange);
      editor.off('update', onChange);
      editor.off('blur', onBlur);
      onBlur();
    };
  }

  /** Asks the toolbar to bracket the current selection (the keyboard shortcut). */
  requestBracket(): boolean {
    if (!this.current || this.bracketRequests.size === 0) return false;
    this.bracketRequests.forEach((listener) => listener());
    return true;
  }

  /** The toolbar's handler for {@link requestBracket}. */
  onBracketRequest(listener: () => void): () => void {
    this.bracketRequests.add(listener);
    return () => this.bracketRequests.delete(listener);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ActiveCell | null => this.current;

  private set(next: ActiveCell | null, shows = next !== null && mayShowToolbar(next.editor)): void {
    if (next === null && this.current === null) return;
    this.current = next;
    this.currentShows = shows;
    this.listeners.forEach((listener) => listener());
  }
}

/** The toolbar can only have something to show for a selection with text in it, or a caret at a bracket. */
function mayShowToolbar(editor: Editor): boolean {
  if (editor.isDestroyed) return false;
  const { selection } = editor.state;
  if (!selection.empty) return true;
  const marks = [...(selection.$from.nodeAfter?.marks ?? []), ...(selection.$from.nodeBefore?.marks ?? [])];
  return marks.some((mark) => mark.type.name === BRACKET_MARK);
}
