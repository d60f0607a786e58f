import { useCallback, useSyncExternalStore } from 'react';
import { useMemoContext } from '../memo/MemoContext';
import type { ClauseAgreementState } from './AgreementStore';

/**
 * One clause's agreement state as React state. Only the component that asks
 * re-renders, and only when what it shows changes (a sign-off, a lock, a
 * bracket, a sign-off turning stale) — not on every keystroke.
 */
export function useClauseAgreement(clauseId: string): ClauseAgreementState {
  const { agreement } = useMemoContext();
  const subscribe = useCallback((listener: () => void) => agreement.subscribeClause(clauseId, listener), [agreement, clauseId]);
  const getSnapshot = useCallback(() => agreement.getClause(clauseId), [agreement, clauseId]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

/**
 * Whether any of the given clauses is locked (e.g. a section whose heading
 * must not be deleted, LK1). `clauseIds` is a comma-separated list so that
 * callers can pass a stable primitive.
 */
export function useAnyLocked(clauseIds: string): boolean {
  const { agreement } = useMemoContext();
  const subscribe = useCallback(
    (listener: () => void) => {
      const offs = splitIds(clauseIds).map((id) => agreement.lock(id).subscribe(listener));
      return () => offs.forEach((off) => off());
    },
    [agreement, clauseIds],
  );
  const getSnapshot = useCallback(() => splitIds(clauseIds).some((id) => agreement.isLocked(id)), [agreement, clauseIds]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

const splitIds = (ids: string): string[] => (ids === '' ? [] : ids.split(','));
