import { useCallback, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { getOutline, readOutline, type OutlineEntry } from '@accord/shared/memo/ydocLayout';

/**
 * The memo's outline as React state, re-read only when the `outline` root
 * changes. This is the only subscription to structure on the page: text
 * edits never touch `outline`, so typing re-renders nothing here.
 */
export function useOutline(doc: Y.Doc): readonly OutlineEntry[] {
  const cache = useRef<{ doc: Y.Doc; entries: readonly OutlineEntry[] } | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const outline = getOutline(doc);
      const observer = (): void => {
        cache.current = { doc, entries: readOutline(doc) };
        onChange();
      };
      outline.observe(observer);
      // A change between the first render and this subscription would otherwise go unseen.
      observer();
      return () => outline.unobserve(observer);
    },
    [doc],
  );
  const getSnapshot = useCallback((): readonly OutlineEntry[] => {
    if (!cache.current || cache.current.doc !== doc) cache.current = { doc, entries: readOutline(doc) };
    return cache.current.entries;
  }, [doc]);
  return useSyncExternalStore(subscribe, getSnapshot);
}
