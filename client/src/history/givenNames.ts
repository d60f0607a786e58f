import type { RevisionLabel } from '@accord/shared/history/schema';

/**
 * The names people gave revisions (kind `manual`), the only labels the
 * history shows as text. The labels the server records itself on a lock,
 * reopening or restore carry an English sentence ("Clause x agreed"); the
 * timeline already says the same in the reader's language (the revision's
 * kind and clauses), so showing the stored sentence would put English in a
 * Chinese interface.
 */
export function givenNames(labels: readonly RevisionLabel[]): RevisionLabel[] {
  return labels.filter((label) => label.kind === 'manual');
}
