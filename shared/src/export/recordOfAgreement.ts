import type { ClauseId, LanguageCode, MemoId, PartyId, SectionId, UserId } from '../ids';
import type { ClauseStatus } from '../memo/agreement';
import type { Party } from '../memo/schema';

/**
 * The record of agreement: who agreed to what, at which exact text, and when.
 * It is the annex a consensus memo is sent to capitals with, and the JSON of
 * `GET /api/memos/:id/record` (and `…/export?format=json`). Built from a Y.Doc
 * alone (plus membership for names), so the record at any past revision is the
 * same function applied to that revision's document.
 */
export interface RecordOfAgreement {
  memoId: MemoId;
  title: string;
  languages: LanguageCode[];
  parties: Party[];
  /** Every clause in outline order, agreed or not. */
  clauses: RecordClause[];
  summary: { total: number; agreed: number; contested: number; signedBySome: number; draft: number };
}

/** One party's sign-off as recorded: the signatory, the hash they signed and when. */
export interface RecordSignature {
  partyId: PartyId;
  signatory: { userId: UserId; name: string };
  hash: string;
  at: string;
  /** True when the sign-off names an earlier text than the current one (SO3). */
  stale: boolean;
}

/** One clause's line in the record. */
export interface RecordClause {
  clauseId: ClauseId;
  sectionId: SectionId;
  /** Display number within its section, null in unnumbered sections. */
  number: number | null;
  status: ClauseStatus;
  /** CL1 hash of the clause's current text. */
  hash: string;
  /** The agreed (locked) hash and the time the clause locked; null unless agreed. */
  locked: { hash: string; at: string } | null;
  /** Each party's latest sign-off (for an agreed clause: the signatures that locked it). */
  signatures: RecordSignature[];
  /** Parties contesting the whole clause, with reasons. */
  contests: Array<{ partyId: PartyId; name: string; reason: string; at: string }>;
}

/** A memo's participants grouped by delegation, as in a memo's closing pages. */
export interface PartyParticipants {
  partyId: PartyId;
  partyName: Record<string, string>;
  people: Array<{ userId: UserId; name: string; role: string }>;
}

/** Formats `GET /api/memos/:id/export` produces (`pdf` is the print view, printed by a browser). */
export const EXPORT_FORMATS = ['docx', 'md', 'html', 'pdf', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
