import * as Y from 'yjs';
import type { ClauseId, LanguageCode, PartyId, UserId } from '../ids';
import type { Party } from './schema';
import { canonicalFragment, type CanonicalNode } from './canonical';
import { getClauseText } from './ydocLayout';

/**
 * Server-written agreement state, kept in the Y.Doc root map `agreement`
 * (clause id → ClauseAgreement) so that it reaches every client live and is
 * stored in the same log as the text. Only the server writes it: the sync
 * server refuses any client update that touches this root.
 */
export const AGREEMENT_ROOT = 'agreement';

/** One party's acceptance of a clause at one exact content hash (SO2). */
export interface SignOff {
  userId: UserId;
  name: string;
  hash: string;
  at: string;
}

/** A party's flag that it contests the whole clause. */
export interface ContestFlag {
  userId: UserId;
  name: string;
  reason: string;
  at: string;
}

/** A pending request to reopen a locked clause (LK4). */
export interface ReopenRequest {
  id: string;
  partyId: PartyId;
  userId: UserId;
  name: string;
  reason: string;
  at: string;
  /** Consents of the other parties, by party id. */
  consents: Record<string, { userId: UserId; name: string; at: string }>;
}

export interface ClauseAgreement {
  signoffs: Record<string, SignOff>;
  contests: Record<string, ContestFlag>;
  /** Set when every party signed the same hash (SO5); the hash is the agreed text. */
  locked: { hash: string; at: string } | null;
  reopen: ReopenRequest | null;
}

export const emptyAgreement = (): ClauseAgreement => ({ signoffs: {}, contests: {}, locked: null, reopen: null });

export const getAgreementMap = (doc: Y.Doc): Y.Map<ClauseAgreement> => doc.getMap<ClauseAgreement>(AGREEMENT_ROOT);

/** The agreement state of one clause (empty if none was ever recorded). */
export function readAgreement(doc: Y.Doc, clauseId: ClauseId | string): ClauseAgreement {
  const value = getAgreementMap(doc).get(clauseId);
  return value ? { ...emptyAgreement(), ...value } : emptyAgreement();
}

/** CL2: a clause's status, derived — never stored by clients. */
export const ClauseStatus = {
  draft: 'draft',
  contested: 'contested',
  signedBySome: 'signed_by_some',
  agreed: 'agreed',
} as const;
export type ClauseStatus = (typeof ClauseStatus)[keyof typeof ClauseStatus];

/** A sign-off as shown: `stale` when it names an earlier text than the current one (SO3). */
export interface SignOffView extends SignOff {
  partyId: PartyId;
  stale: boolean;
}

/** Sign-offs with their staleness against the current hash. */
export function signOffViews(agreement: ClauseAgreement, currentHash: string): SignOffView[] {
  return Object.entries(agreement.signoffs).map(([partyId, s]) => ({ ...s, partyId: partyId as PartyId, stale: s.hash !== currentHash }));
}

/** True when any language version carries a bracket mark (an open bracket, SO4). */
export function hasOpenBracket(doc: Y.Doc, clauseId: ClauseId | string, languages: readonly (LanguageCode | string)[]): boolean {
  const visit = (nodes: CanonicalNode[]): boolean =>
    nodes.some((n) => ('t' in n ? n.m.some(([name]) => name === BRACKET_MARK) : visit(n.c)));
  return languages.some((lang) => {
    const fragment = getClauseText(doc, clauseId, lang);
    // Most clauses hold no bracket format item at all: then no run can carry the mark (no text assembled).
    return hasBracketFormatItem(fragment) && visit(canonicalFragment(fragment));
  });
}

const BRACKET_KEY = /^bracket(--|$)/;

/**
 * True when the type (or any element nested in it) holds a live bracket
 * format item. A walk over Yjs items, much cheaper than assembling the text:
 * false means no text in it can carry the bracket mark.
 */
export function hasBracketFormatItem(type: { _start: Y.Item | null }): boolean {
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat && BRACKET_KEY.test(item.content.key)) return true;
    if (item.content instanceof Y.ContentType && hasBracketFormatItem(item.content.type)) return true;
  }
  return false;
}

/** Name of the inline mark that brackets contested language. */
export const BRACKET_MARK = 'bracket';

/** Attributes of a bracket mark: which party contests the span, and why. */
export interface BracketAttrs {
  party: string;
  reason: string;
}

/**
 * CL2 status: agreed (= locked) → contested (open bracket or contest flag) →
 * signed by some (at least one valid sign-off) → draft.
 */
export function deriveStatus(
  agreement: ClauseAgreement,
  currentHash: string,
  openBracket: boolean,
): ClauseStatus {
  if (agreement.locked) return ClauseStatus.agreed;
  if (openBracket || Object.keys(agreement.contests).length > 0) return ClauseStatus.contested;
  if (Object.values(agreement.signoffs).some((s) => s.hash === currentHash)) return ClauseStatus.signedBySome;
  return ClauseStatus.draft;
}

/** True when every party holds a valid sign-off on `hash` (the agreement condition). */
export function allPartiesSigned(agreement: ClauseAgreement, parties: readonly Party[], hash: string): boolean {
  return parties.every((p) => agreement.signoffs[p.id]?.hash === hash);
}
