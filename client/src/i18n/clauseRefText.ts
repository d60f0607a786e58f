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
