import type { Party } from '@accord/shared/memo/schema';

/**
 * A party's display name in an interface language. Names are stored per
 * interface language; fall back to any name given, then to the id, so a
 * party is never shown blank.
 */
export function partyName(party: Party, language: string): string {
  return party.name[language] ?? Object.values(party.name).find((n) => n.trim() !== '') ?? party.id;
}
