import type { TFunction } from 'i18next';

/**
 * How a clause is named in messages, in the interface language: its position
 * in its (sub-)section and, when it has one, the section's heading
 * ("Clause 2 of ‘Status of relations’", "“双边关系现状”第 2 条").
 */
export function clauseRefText(t: TFunction, place: { position: number; section: string | null }): string {
  return place.section
    ? t('clauseRef', { context: 'section', position: place.position, section: place.section })
    : t('clauseRef', { position: place.position });
}

/**
 * How a clause is named in a list of clauses (the record of agreement, a
 * translation report): "‘Status of relations’ 2" with a heading, else its
 * position; just the heading when it has no number (may be '').
 */
export function clauseListName(t: TFunction, section: string, number: number | null): string {
  if (number === null) return section;
  return section ? t('exportImport.recordClauseName', { section, number }) : t('clauseRef', { position: number });
}
