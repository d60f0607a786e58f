import type * as Y from 'yjs';
import type { ClauseId, LanguageCode, PartyId } from '@accord/shared/ids';
import { BRACKET_MARK, hasBracketFormatItem } from '@accord/shared/memo/agreement';
import { canonicalFragment, type CanonicalNode } from '@accord/shared/memo/canonical';
import { getClauseText } from '@accord/shared/memo/ydocLayout';

/**
 * Brackets belong to the party that placed them: only that party adds or
 * removes them. A clause's brackets are counted as (party, reason) pairs
 * across its language versions; an update from party P may change P's own
 * pairs freely but no one else's. Editing text inside another party's bracket
 * keeps the bracket (the pair stays); deleting the whole bracketed span or
 * stripping the mark removes it, and is undone.
 */
export type BracketCount = Map<string, number>;

/** Counts the clause's bracket spans by (party, reason); a span split into runs by other marks counts once. */
export function countBrackets(doc: Y.Doc, clauseId: ClauseId, languages: readonly LanguageCode[]): BracketCount {
  const counts: BracketCount = new Map();
  const visit = (nodes: CanonicalNode[]): void => {
    let previous = new Set<string>();
    for (const n of nodes) {
      if (!('t' in n)) {
        previous = new Set();
        visit(n.c);
        continue;
      }
      const here = new Set<string>();
      for (const [name, attrs] of n.m) {
        if (name !== BRACKET_MARK) continue;
        const a = (attrs ?? {}) as { party?: unknown; reason?: unknown };
        here.add(`${String(a.party)}\u0000${String(a.reason)}`);
      }
      for (const key of here) if (!previous.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
      previous = here;
    }
  };
  for (const lang of languages) visit(canonicalFragment(getClauseText(doc, clauseId, lang)));
  return counts;
}

/** True when some party other than `writer` gained or lost a bracket between the two counts. */
export function othersBracketsChanged(before: BracketCount, after: BracketCount, writer: PartyId | null): boolean {
  const keys = new Set([...before.keys(), ...after.keys()]);
  for (const key of keys) {
    const party = key.split('\u0000')[0];
    if (writer !== null && party === writer) continue;
    if ((before.get(key) ?? 0) !== (after.get(key) ?? 0)) return true;
  }
  return false;
}

/**
 * True when any language version of the clause holds a bracket format item.
 * A cheap walk over the Yjs items (no text is assembled): a clause without
 * one has no brackets, so the full count can be skipped.
 */
export function hasBracketFormat(doc: Y.Doc, clauseId: ClauseId, languages: readonly LanguageCode[]): boolean {
  return languages.some((lang) => hasBracketFormatItem(getClauseText(doc, clauseId, lang)));
}

/** A party's bracket that appeared or disappeared in a clause, for the clause's history. */
export interface BracketChange {
  type: 'bracket' | 'unbracket';
  partyId: PartyId;
  reason: string;
}

/**
 * What `writer` did to its own brackets between the two counts: a (party,
 * reason) pair that gained spans was placed, one that lost spans was removed.
 * Other parties' pairs are not reported — a change to them is undone.
 */
export function ownBracketChanges(before: BracketCount, after: BracketCount, writer: PartyId | null): BracketChange[] {
  if (writer === null) return [];
  const changes: BracketChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const [party, reason = ''] = key.split('\u0000');
    if (party !== writer) continue;
    const was = before.get(key) ?? 0;
    const now = after.get(key) ?? 0;
    if (now > was) changes.push({ type: 'bracket', partyId: writer, reason });
    else if (now < was) changes.push({ type: 'unbracket', partyId: writer, reason });
  }
  return changes;
}
