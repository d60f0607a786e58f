import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useMemoContext } from '../memo/MemoContext';
import { createCellEditor, type CellEditor } from './createCellEditor';
import type { FocusTarget } from './FocusTarget';
import { showStaticText } from './staticText';

/** Props of {@link LazyCell}. */
export interface LazyCellProps {
  /** The Y.Doc root (a Y.XmlFragment) this cell edits, e.g. `clause:<id>:<lang>`. */
  rootName: string;
  /** Accessible name of the editable element (tests and screen readers find cells by it). */
  label: string;
  lang: string;
  /** Hidden when its language column is switched off; it stays mounted so nothing is lost. */
  hidden: boolean;
  /** Extra class names for the cell wrapper (`cell--title`, `cell--heading`, …). */
  className?: string;
  /** Set on clause cells: the wrapper carries `data-clause-id`. */
  clauseId?: string;
  /** Set on section heading cells: the wrapper carries `data-section-id`. */
  sectionId?: string;
  /** The number shown before the text, already written in this cell's language (`1、`, `(a)`, …); none if absent. */
  marker?: string;
}

let focusToken = 0;

/**
 * A language cell that becomes an editor only when needed. Until it comes
 * near the viewport (or receives focus, or is asked to take it, or is one of
 * the first clause cells on screen as the memo opens, which mount before the
 * first frame: `VisibilityWatcher.opensOnScreen`) its text
 * element shows the fragment statically; then a Tiptap editor is mounted on
 * that same element, so the switch is invisible and the element (its
 * accessible name, its focus) never changes. The static element says it is
 * read-only — it is, typing needs the editor. Once the cell is far out of
 * view again (and not focused) the editor is released, so reading through a
 * big memo does not accumulate editors.
 *
 * React renders the text element empty and never touches its content or
 * attributes: they belong to the static renderer or to ProseMirror.
 */
export const LazyCell = memo(function LazyCell({ rootName, label, lang, hidden, className, clauseId, sectionId, marker }: LazyCellProps): ReactNode {
  const { doc, provider, user, editable, watcher, focus, agreement, selection, myPartyId, describeBracket, onRefusedEdit } = useMemoContext();
  const fragment = useMemo(() => doc.getXmlFragment(rootName), [doc, rootName]);
  const [mounted, setMounted] = useState(false);
  const [focusTarget, setFocusTarget] = useState<FocusTarget | null>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const cellEditor = useRef<CellEditor | null>(null);
  const lastPointer = useRef<{ x: number; y: number; at: number } | null>(null);
  const far = useRef(true);
  const hiddenNow = useRef(hidden);
  hiddenNow.current = hidden;
  // Set from a focus request until the editor has taken focus (or a second has passed): the cell is
  // not released meanwhile, even if an observer calls it far before its row is laid out (a row made
  // whole inside a section the browser still skips reports "not intersecting" once).
  const focusPending = useRef<number | null>(null);
  const expectFocus = (): void => {
    if (focusPending.current !== null) window.clearTimeout(focusPending.current);
    focusPending.current = window.setTimeout(() => {
      focusPending.current = null;
    }, 1000);
  };
  const editableNow = useRef(editable);
  editableNow.current = editable;
  // Read through a ref: a new callback identity must never destroy and recreate the editor.
  const callbacks = useRef({ describeBracket, onRefusedEdit });
  callbacks.current = { describeBracket, onRefusedEdit };

  const release = (): void => {
    setMounted(false);
    setFocusTarget(null);
  };

  // Static text or editor on the same element. A layout effect, so no frame shows an empty cell.
  useLayoutEffect(() => {
    const element = text.current;
    if (!element) return;
    const describe = (party: string | null, reason: string | null): string => callbacks.current.describeBracket(party, reason);
    if (!mounted) return showStaticText(element, fragment, { label, lang, describeBracket: describe });
    const created = createCellEditor({
      element,
      fragment,
      provider,
      user,
      label,
      lang,
      editable: editableNow.current,
      describeBracket: describe,
      ...(clauseId !== undefined
        ? {
            clause: {
              clauseId,
              lock: agreement.lock(clauseId),
              myPartyId,
              tracker: selection,
              onRefused: (reason) => callbacks.current.onRefusedEdit(clauseId, reason),
            },
          }
        : {}),
    });
    cellEditor.current = created;
    return () => {
      cellEditor.current = null;
      created.destroy();
    };
  }, [mounted, fragment, provider, user, label, lang, clauseId, agreement, selection, myPartyId]);

  useEffect(() => {
    cellEditor.current?.setEditable(editable);
  }, [editable, mounted]);

  useEffect(() => {
    const current = cellEditor.current;
    if (!focusTarget || !current || current.editor.isDestroyed) return;
    let position: number | 'end' = 'end';
    if (focusTarget.kind === 'point') {
      const hit = current.editor.view.posAtCoords({ left: focusTarget.x, top: focusTarget.y });
      if (hit) position = hit.pos;
    }
    current.editor.commands.focus(position, { scrollIntoView: false });
    // Only a new token is a new request.
  }, [focusTarget?.token, mounted]);

  // The memo is opening and this cell is on its first screen: an editor before the first frame.
  useLayoutEffect(() => {
    const element = wrapper.current;
    if (element && !hiddenNow.current && clauseId !== undefined && watcher.opensOnScreen(element)) {
      far.current = false;
      setMounted(true);
    }
  }, [watcher]);

  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    // The row, not the cell: its language cells share one observation (see VisibilityWatcher).
    return watcher.watch(element.closest('.row') ?? element, {
      onNear: () => {
        far.current = false;
        // A cell of a hidden language column waits until the column is shown (below).
        if (hiddenNow.current) return;
        // Mount now, inside the watcher's frame budget, rather than in a later batched render.
        flushSync(() => setMounted(true));
      },
      onFar: () => {
        far.current = true;
        if (!element.contains(document.activeElement) && focusPending.current === null) release();
      },
    });
  }, [watcher]);

  // A language column shown again while its row is near: the row's observation has nothing new to report.
  useEffect(() => {
    if (!hidden && !far.current) setMounted(true);
  }, [hidden]);

  useEffect(() => {
    const take = (): void => {
      if (!focus.claim(rootName)) return;
      // The request brings the cell on screen: near, whether or not the watcher has said so yet (it waits for scrolling to stop).
      far.current = false;
      expectFocus();
      setMounted(true);
      setFocusTarget({ kind: 'end', token: ++focusToken });
    };
    take();
    return focus.subscribe(take);
  }, [focus, rootName]);

  const classes = ['cell', marker ? 'cell--marked' : null, className].filter(Boolean).join(' ');
  return (
    <div
      ref={wrapper}
      className={classes}
      data-root={rootName}
      data-lang={lang}
      data-clause-id={clauseId}
      data-section-id={sectionId}
      lang={lang}
      hidden={hidden}
      onMouseDown={(event) => {
        if (!mounted) lastPointer.current = { x: event.clientX, y: event.clientY, at: performance.now() };
      }}
      onFocus={() => {
        if (mounted) {
          if (focusPending.current !== null) window.clearTimeout(focusPending.current);
          focusPending.current = null;
          return;
        }
        // Keyboard or click on the static text: become an editor, caret where the click was.
        far.current = false;
        const pointer = lastPointer.current;
        lastPointer.current = null;
        expectFocus();
        setMounted(true);
        setFocusTarget(
          pointer && performance.now() - pointer.at < 1000
            ? { kind: 'point', x: pointer.x, y: pointer.y, token: ++focusToken }
            : { kind: 'end', token: ++focusToken },
        );
      }}
      onBlur={(event) => {
        // An editor kept alive only because it had focus is released once focus leaves it.
        if (far.current && !event.currentTarget.contains(event.relatedTarget as Node | null)) release();
      }}
    >
      {marker ? <span className="cell__marker">{marker}</span> : null}
      <div ref={text} />
    </div>
  );
});
