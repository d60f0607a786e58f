import type { ClauseId, MemoId } from '../ids';

/** Answer of `POST /api/memos/import`: the new memo and what the importer made of the file. */
export interface ImportReport {
  id: MemoId;
  title: string;
  /** Sections and sub-sections created. */
  sections: number;
  clauses: number;
  /** Things a person should check: renumbered lead-ins, gaps in the source numbering … */
  warnings: string[];
  /** Left out on purpose: participants lists (the memo lists its members), tables. */
  skipped: { participants: number; tables: number };
}

/** Answer of `POST /api/memos/:id/import-translation`: clause by clause, what was filled in and what was not. */
export interface TranslationReport {
  language: string;
  /** Clauses whose language version was written from the file. */
  matched: Array<{ clauseId: ClauseId; sectionTitle: string; number: number | null }>;
  /** Clauses of the memo the file had no counterpart for (left unchanged). */
  unmatchedClauses: Array<{ clauseId: ClauseId; sectionTitle: string; number: number | null; reason: string }>;
  /** Paragraphs of the file that fit no clause (not imported). */
  unmatchedParagraphs: Array<{ text: string; reason: string }>;
  /** Locked clauses are never changed by an import (LK1). */
  refusedLocked: ClauseId[];
  /** Name of the revision recorded, or null when nothing changed. */
  revision: string | null;
}
