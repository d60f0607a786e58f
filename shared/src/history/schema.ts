import { z } from 'zod';
import type { ClauseId, PartyId, SectionId, UserId } from '../ids';
import type { ClauseView } from '../memo/schema';

/**
 * Revision history (HI1, HI2): what the history API returns and accepts.
 *
 * A revision is identified by `rev`, the seq of the last stored update it
 * includes: "the memo as it was right after update N". Revisions group the
 * update log the way people think of it — one person's consecutive edits
 * within a few minutes form one revision — and named revisions (lock, reopen,
 * restore, a name given by hand …) label the revision they close.
 */
export const RevisionKind = {
  /** The memo's initial content (DU3). */
  created: 'created',
  /** Text or structure edits by one person. */
  edit: 'edit',
  /** Agreement state only: sign-off, withdrawal, contest flag, reopen request. */
  agreement: 'agreement',
  /** A party's sign-off on a clause (named revision; the last party's sign-off is a `lock`). */
  signoff: 'signoff',
  lock: 'lock',
  reopen: 'reopen',
  restore: 'restore',
  import: 'import',
  /** Named by a person ("Draft sent to capitals, 14 Feb"). */
  manual: 'manual',
} as const;
export type RevisionKind = (typeof RevisionKind)[keyof typeof RevisionKind];

/** A named revision's label. */
export interface RevisionLabel {
  id: number;
  /** The revision it names. */
  rev: number;
  name: string;
  kind: string;
  userId: UserId | null;
  userName: string | null;
  at: string;
}

/** One entry of the revision timeline. */
export interface RevisionSummary {
  /** The revision id: state after update `rev`. */
  rev: number;
  /** The first update of the group (`firstSeq..rev`). */
  firstSeq: number;
  kind: RevisionKind;
  /** Named revisions recorded at `rev`. */
  labels: RevisionLabel[];
  userId: UserId | null;
  userName: string | null;
  partyId: PartyId | null;
  startedAt: string;
  at: string;
  /** Stored updates in the group. */
  updates: number;
  /** Clauses whose text (any language version) changed. */
  clauses: ClauseId[];
  /** Clauses whose agreement state (sign-off, lock, contest, reopen) changed. */
  agreementClauses: ClauseId[];
  /** Sections, order, added or removed clauses changed. */
  structure: boolean;
  /** Title block or section headings changed. */
  headings: boolean;
  /** False for updates stored before touch keys were recorded: clauses unknown. */
  touchesKnown: boolean;
}

/** `GET /api/memos/:id/revisions?before=&limit=`: newest first. */
export interface RevisionPage {
  revisions: RevisionSummary[];
  /** Pass as `before` for the next (older) page; null at the beginning of history. */
  nextBefore: number | null;
  /** The newest revision of the memo. */
  latest: number;
}

/** A run of text with its marks (mark name → attributes; bracket carries `party`, `reason`). */
export interface HistoryRun {
  text: string;
  marks: Record<string, Record<string, unknown>>;
}
/** A language version as paragraphs of runs. */
export type HistoryText = HistoryRun[][];

/** A clause at a revision: its state (as ClauseView) and its text per language. */
export interface RevisionClause extends ClauseView {
  text: Record<string, HistoryText>;
}
export interface RevisionSection {
  id: SectionId;
  level: 1 | 2;
  numbered: boolean;
  /** Its number among the numbered headings of its level (as `SectionNode.number`); null when unnumbered. Each language column writes it in its own style (memo/numbering.ts). */
  number: number | null;
  title: Record<string, string>;
  clauses: RevisionClause[];
  subsections: RevisionSection[];
}
/** `GET /api/memos/:id/revisions/:rev`: the memo as it was. */
export interface RevisionDetail {
  rev: number;
  title: Record<string, string>;
  sections: RevisionSection[];
}

/** Who wrote a span: the party and person of the Yjs client that wrote the characters. */
export interface SpanAuthor {
  userId: UserId | null;
  userName: string | null;
  partyId: PartyId | null;
}

/** One span of a compared language version. `format`: same text, different marks. */
export type DiffSpan =
  | { op: 'equal'; text: string }
  | { op: 'insert'; text: string; author: SpanAuthor }
  | { op: 'delete'; text: string; author: SpanAuthor }
  | { op: 'format'; text: string; from: string[]; to: string[]; author: SpanAuthor };

export const ClauseChange = {
  added: 'added',
  deleted: 'deleted',
  changed: 'changed',
  unchanged: 'unchanged',
} as const;
export type ClauseChange = (typeof ClauseChange)[keyof typeof ClauseChange];

/** One clause in a comparison. Unchanged clauses carry no spans (the view collapses them). */
export interface ClauseComparison {
  id: ClauseId;
  change: ClauseChange;
  /** Its position changed relative to other clauses, or it moved to another section. */
  moved: boolean;
  numberFrom: number | null;
  numberTo: number | null;
  sectionFrom: SectionId | null;
  sectionTo: SectionId | null;
  statusFrom: ClauseView['status'] | null;
  statusTo: ClauseView['status'] | null;
  /** Per language version; only languages whose text changed are present. Paragraph breaks are "\n". */
  languages: Record<string, DiffSpan[]>;
}

/** `GET /api/memos/:id/compare?from=&to=`. */
export interface RevisionComparison {
  from: number;
  to: number;
  /** Every clause of either revision, in the order of `to` (deleted ones where they were). */
  clauses: ClauseComparison[];
  summary: {
    changed: number;
    added: number;
    deleted: number;
    moved: number;
    newlyAgreed: number;
    reopened: number;
  };
}

/** A clause's own timeline (`GET /api/memos/:id/clauses/:clauseId/history`). */
export interface ClauseHistory {
  clauseId: ClauseId;
  /** Revisions that changed its text or its agreement state, newest first. */
  revisions: RevisionSummary[];
  /** Its audit entries (brackets placed and removed, sign-offs, contests, lock, reopen), oldest first. */
  events: Array<{ seq: number; at: string; type: string; userId: UserId | null; partyId: PartyId | null; data: Record<string, unknown> }>;
}

/** `POST /api/memos/:id/revisions`: names the current state. */
export const NameRevisionRequest = z.object({ name: z.string().trim().min(1).max(200) }).strict();
export type NameRevisionRequest = z.infer<typeof NameRevisionRequest>;

/** `POST /api/memos/:id/clauses/:clauseId/restore` (and `/api/memos/:id/restore` for all unlocked clauses). */
export const RestoreRequest = z.object({ revision: z.number().int().min(1) }).strict();
export type RestoreRequest = z.infer<typeof RestoreRequest>;

/** Result of a restore: the new revision and what was restored or skipped (locked). */
export interface RestoreResult {
  revision: number;
  restored: ClauseId[];
  /** Locked clauses left as they are (HI2: never restored over). */
  skippedLocked: ClauseId[];
}
