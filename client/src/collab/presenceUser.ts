import type { PresenceUser } from '@accord/shared/memo/presence';

/**
 * Runtime check of an awareness `user` field. Awareness states arrive from
 * other clients through the server; the server overwrites `user` with the
 * identity it knows (SE2), but a state may still lack it (a client that has
 * just joined), so it is checked before anything is rendered from it.
 */
export function isPresenceUser(value: unknown): value is PresenceUser {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.color === 'string' &&
    typeof v.role === 'string' &&
    (v.partyId === null || typeof v.partyId === 'string')
  );
}
