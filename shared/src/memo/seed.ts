import type { ClauseId, LanguageCode, SectionId } from '../ids';

/**
 * Initial content of a memo as plain data: what the server writes into a new
 * Y.Doc (DU3: only the server seeds). Text is given per language; a blank line
 * (`\n\n`) separates paragraphs and `**…**` marks bold, as in the lead phrases
 * of real memo clauses.
 */
export type LocalizedText = Partial<Record<LanguageCode | string, string>>;

/** One clause: the unit of agreement. */
export interface ClauseSeed {
  /** Optional fixed id (tests use this); the server mints one otherwise. */
  id?: ClauseId | string;
  text: LocalizedText;
}

/** A titled group of clauses; `subsections` may nest exactly one level. */
export interface SectionSeed {
  id?: SectionId | string;
  title: LocalizedText;
  /** False for unnumbered prose such as a preamble. Defaults to true. */
  numbered?: boolean;
  clauses: ClauseSeed[];
  subsections?: SectionSeed[];
}

/** A whole memo: title block (one entry per line) and sections. */
export interface MemoSeed {
  /** Title block lines per language: title, subtitle, date and place. */
  titleBlock: LocalizedText;
  sections: SectionSeed[];
}
