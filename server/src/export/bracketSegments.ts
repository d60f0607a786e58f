import type { BracketAttrs } from '@accord/shared/memo/agreement';
import type { SnapshotRun } from './memoSnapshot';

/** A piece of a paragraph as the bracketed variant prints it. */
export type Segment =
  | { kind: 'text'; run: SnapshotRun }
  | { kind: 'open' }
  | { kind: 'close'; bracket: BracketAttrs };

const keyOf = (b: BracketAttrs): string => `${b.party}\u0000${b.reason}`;

/**
 * Splits a paragraph's runs into text, `[` and `]` pieces: a bracket opens
 * where a (party, reason) span starts and closes where it ends; a span split
 * into runs by bold or italic stays one bracket. Overlapping spans of two
 * parties nest as they fall. Each close carries its bracket, so the caller
 * attaches the footnote naming the party and reason there.
 */
export function bracketSegments(runs: readonly SnapshotRun[]): Segment[] {
  const out: Segment[] = [];
  let open: BracketAttrs[] = [];
  for (const run of runs) {
    const here = new Map(run.brackets.map((b) => [keyOf(b), b]));
    const stillOpen = open.filter((b) => here.has(keyOf(b)));
    for (const b of open) if (!here.has(keyOf(b))) out.push({ kind: 'close', bracket: b });
    const openKeys = new Set(stillOpen.map(keyOf));
    for (const [key, b] of here) {
      if (openKeys.has(key)) continue;
      out.push({ kind: 'open' });
      stillOpen.push(b);
    }
    open = stillOpen;
    out.push({ kind: 'text', run });
  }
  for (const b of [...open].reverse()) out.push({ kind: 'close', bracket: b });
  return out;
}
