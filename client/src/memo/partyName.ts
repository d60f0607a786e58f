import type { Party } from '@accord/shared/memo/schema';

/** The interface language party names are read in (English until i18n lands). */
const UI_LANGUAGE = 'en';

/**
 * A party's display name. Names are stored per interface language; fall back
 * to any name given, then to the id, so a party is never shown blank.
 */
export function partyName(party: Party, language: string = UI_LANGUAGE): string {
  return party.name[language] ?? Object.values(party.name).find((n) => n.trim() !== '') ?? party.id;
}
