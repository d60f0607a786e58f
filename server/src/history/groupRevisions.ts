import type { UserId } from '@accord/shared/ids';
import { RevisionKind, type RevisionKind as Kind } from '@accord/shared/history/schema';
import type { NamedRevision, UpdateMeta } from '../storage/Storage';
import { summarizeTouches } from './touchedKeys';

/** Consecutive edits by one person with no pause longer than this form one revision (like Google Docs' version list). */
export const REVISION_GAP_MS = 5 * 60_000;

/** A revision before names and labels are attached: a run of update rows `firstSeq..rev`. */
export interface RevisionGroup {
  rev: number;
  firstSeq: number;
  userId: UserId | null;
  partyId: UpdateMeta['partyId'];
  startedAt: number;
  at: number;
  updates: number;
  touched: Set<string>;
  touchesKnown: boolean;
  /** Every row only changed agreement entries (sign-off, contest …). */
  agreementOnly: boolean;
  created: boolean;
}

/**
 * Groups update rows, read newest first, into revisions. The rule is local —
 * whether rows N and N+1 belong together depends on those two rows and the
 * named revisions only — so a page of the newest revisions reads only the
 * rows it shows, never the whole log:
 *
 * - a named revision at seq N closes the revision at N;
 * - update 1 (the memo's creation) is a revision of its own;
 * - otherwise rows join while they share a person, are both text/structure
 *   edits or both agreement-only changes, and are at most REVISION_GAP_MS apart;
 * - rows the server wrote on its own (userId null: restoring a locked clause
 *   or another party's bracket right after an edit) join the revision around them.
 *
 * `rows` must be contiguous and newest first. Returns complete groups and the
 * rows of a trailing group that may continue into older rows (`open`).
 */
export function groupRevisions(rows: readonly UpdateMeta[], labelled: ReadonlySet<number>): { groups: RevisionGroup[]; open: RevisionGroup | null } {
  const groups: RevisionGroup[] = [];
  let current: RevisionGroup | null = null;
  for (const row of rows) {
    if (current && joins(current, row, labelled)) {
      extend(current, row);
      continue;
    }
    if (current) groups.push(current);
    current = start(row);
  }
  return { groups, open: current };
}

function start(row: UpdateMeta): RevisionGroup {
  const group: RevisionGroup = {
    rev: row.seq,
    firstSeq: row.seq,
    userId: null,
    partyId: null,
    startedAt: row.createdAt,
    at: row.createdAt,
    updates: 0,
    touched: new Set(),
    touchesKnown: true,
    agreementOnly: true,
    created: false,
  };
  extend(group, row);
  return group;
}

function extend(group: RevisionGroup, row: UpdateMeta): void {
  group.firstSeq = row.seq;
  group.startedAt = row.createdAt;
  group.updates += 1;
  if (group.userId === null && row.userId !== null) {
    group.userId = row.userId;
    group.partyId = row.partyId;
  }
  if (row.touched === null) group.touchesKnown = false;
  for (const key of row.touched ?? []) group.touched.add(key);
  if (!isAgreementOnly(row)) group.agreementOnly = false;
  if (row.seq === 1) group.created = true;
}

function joins(group: RevisionGroup, older: UpdateMeta, labelled: ReadonlySet<number>): boolean {
  if (labelled.has(older.seq) || older.seq === 1 || group.created) return false;
  if (group.startedAt - older.createdAt > REVISION_GAP_MS) return false;
  if (older.userId === null) return true;
  if (group.userId !== null && group.userId !== older.userId) return false;
  return group.userId === null || group.agreementOnly === isAgreementOnly(older);
}

const isAgreementOnly = (row: UpdateMeta): boolean => row.touched !== null && row.touched.length > 0 && row.touched.every((k) => k.startsWith('agreement:'));

/** The kind shown for a group: its newest label's kind, else what its rows did. */
export function kindOf(group: RevisionGroup, labels: readonly NamedRevision[]): Kind {
  const label = labels[labels.length - 1];
  if (label) return (Object.values(RevisionKind) as string[]).includes(label.kind) ? (label.kind as Kind) : RevisionKind.manual;
  if (group.created) return RevisionKind.created;
  return group.agreementOnly ? RevisionKind.agreement : RevisionKind.edit;
}

/** The touched clauses of a group, split by what changed. */
export function groupTouches(group: RevisionGroup): ReturnType<typeof summarizeTouches> {
  return summarizeTouches(group.touched);
}
