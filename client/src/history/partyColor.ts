import type { Party } from '@accord/shared/memo/schema';

/** Colour used for text nobody's party wrote (the server's seed): neutral grey. */
export const NEUTRAL_COLOR = '#6b7280';

/** A party's colour, or the neutral colour for no party. */
export function partyColor(parties: readonly Party[], partyId: string | null): string {
  return parties.find((p) => p.id === partyId)?.color ?? NEUTRAL_COLOR;
}
