/** The events a keystroke or an input method raises on a cell editor. */
const TYPING_EVENTS = [
  'keydown',
  'keypress',
  'keyup',
  'beforeinput',
  'input',
  'textInput',
  'compositionstart',
  'compositionupdate',
  'compositionend',
] as const;

/**
 * Keeps a cell editor's typing events from bubbling past the editor.
 *
 * ProseMirror handles them on the editor element itself; above it, only
 * React's root listener would hear them, and for each one it walks the
 * component tree from the cell to the root looking for handlers (there are
 * none: nothing in the memo reacts to keys typed in a clause) and recomputes
 * the selection for its `onSelect` polyfill — about half a millisecond of
 * every keystroke in a big memo. Listeners that must see every key (the
 * status bar's jump, which stops on reader input) listen in the capture
 * phase, which this does not touch.
 *
 * Returns the function that lets the events bubble again.
 */
export function containTypingEvents(element: HTMLElement): () => void {
  const stop = (event: Event): void => event.stopPropagation();
  for (const type of TYPING_EVENTS) element.addEventListener(type, stop);
  return () => {
    for (const type of TYPING_EVENTS) element.removeEventListener(type, stop);
  };
}
