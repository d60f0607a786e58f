import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { PresenceUser } from '@accord/shared/memo/presence';
import { isPresenceUser } from './presenceUser';

/** A person present in the memo, with whether it is the person in this window. */
export interface PresentPerson {
  user: PresenceUser;
  isSelf: boolean;
}

/**
 * Everyone connected to the memo, one entry per person (several windows of
 * the same account show once), self first, then by name. Awareness changes on
 * every remote caret move; the list is rebuilt then but handed to React only
 * when who is here actually changed.
 */
export function usePresence(awareness: Awareness): PresentPerson[] {
  const cache = useRef<{ key: string; people: PresentPerson[] }>({ key: '', people: [] });

  const subscribe = useCallback(
    (onChange: () => void) => {
      awareness.on('change', onChange);
      return () => awareness.off('change', onChange);
    },
    [awareness],
  );

  const getSnapshot = useCallback((): PresentPerson[] => {
    const byId = new Map<string, PresentPerson>();
    const localUser: unknown = awareness.getLocalState()?.user;
    const selfId = isPresenceUser(localUser) ? localUser.id : null;
    awareness.getStates().forEach((state, clientId) => {
      const user: unknown = state.user;
      if (!isPresenceUser(user)) return;
      const isSelf = clientId === awareness.clientID || user.id === selfId;
      const known = byId.get(user.id);
      // Prefer a remote state's user (the server's word) over our own claim.
      if (!known || (known.isSelf && clientId !== awareness.clientID)) byId.set(user.id, { user, isSelf });
    });
    const people = [...byId.values()].sort(
      (a, b) => Number(b.isSelf) - Number(a.isSelf) || a.user.name.localeCompare(b.user.name),
    );
    const key = people.map((p) => `${p.user.id}\u0000${p.user.name}\u0000${p.user.color}\u0000${p.user.partyId ?? ''}`).join('\u0001');
    if (key !== cache.current.key) cache.current = { key, people };
    return cache.current.people;
  }, [awareness]);

  return useSyncExternalStore(subscribe, getSnapshot);
}
