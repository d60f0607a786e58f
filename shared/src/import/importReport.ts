import type { ClauseId, MemoId } from '../ids';

/** Answer of `POST /api/memos/import`: the new memo and what the importer made of the file. */
export interface ImportReport {
  id: MemoId;
  title: string;
  /** Sections and sub-sections created. */
  sections: number;
  clauses: number;
  /** Things a person should check: renumbered lead-ins, irregular source numbering. */
  warnings: ImportWarning[];
  /** Left out on purpose: participants lists (the memo lists its members), tables. */
  skipped: { participants: number; tables: number };
}

/**
 * Something of the file the importer had to interpret, as data: the interface
 * says it in the reader's language (`message` is the same in English, for logs
 * and API callers).
 */
export type ImportWarning =
  /** Unnumbered paragraphs before clause 1 of a numbered section became clauses, so the file's numbers shift by `count`. */
  | { kind: 'lead_in_numbered'; section: string; count: number; message: string }
  /** The file's clause numbers in this section do not run 1, 2, 3…; the memo numbers clauses by position. */
  | { kind: 'numbering_irregular'; section: string; numbers: number[]; message: string };

/** Answer of `POST /api/memos/:id/import-translation`: clause by clause, what was filled in and what was not. */
export interface TranslationReport {
  language: string;
  /** Clauses whose language version was written from the file. */
  matched: Array<{ clauseId: ClauseId; sectionTitle: string; number: number | null }>;
  /** Clauses of the memo the file had no counterpart for (left unchanged). */
  unmatchedClauses: Array<{ clauseId: ClauseId; sectionTitle: string; number: number | null; reason: string; mismatch: TranslationMismatch }>;
  /** Paragraphs of the file that fit no clause (not imported). */
  unmatchedParagraphs: Array<{ text: string; reason: string; mismatch: TranslationMismatch }>;
  /** Locked clauses are never changed by an import (LK1). */
  refusedLocked: ClauseId[];
  /** Name of the revision recorded, or null when nothing changed. */
  revision: string | null;
}

/**
 * Why a clause or paragraph was not paired, as data: the interface says it in
 * the reader's language (`reason` is the same in English, for logs and API
 * callers).
 */
export type TranslationMismatch =
  /** The file and the memo have different numbers of sections: nothing can be paired. */
  | { kind: 'section_count'; file: number; memo: number }
  /** This section has a different number of clauses in the file. */
  | { kind: 'clause_count'; section: string; memo: number; file: number }
  /** The clause is agreed and locked (LK1). */
  | { kind: 'locked' }
  /** The clause holds contested brackets in the target language. */
  | { kind: 'bracketed' };
