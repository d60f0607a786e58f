import { describe, expect, it } from 'vitest';
import type { PartyId, UserId } from '@accord/shared/ids';
import { groupRevisions, kindOf, REVISION_GAP_MS } from '../src/history/groupRevisions';
import { diffSequences } from '../src/history/diffSequences';
import type { NamedRevision, UpdateMeta } from '../src/storage/Storage';
import { seededRandom } from './support/random';

/** The grouping rules of the revision timeline (HI1), on hand-made update rows. */
const row = (seq: number, user: string | null, at: number, touched: string[] | null = [`clause:c${seq}:en`]): UpdateMeta => ({
  seq,
  userId: user as UserId | null,
  partyId: (user ? user.slice(0, 2) : null) as PartyId | null,
  createdAt: at,
  touched,
});
const newestFirst = (rows: UpdateMeta[]): UpdateMeta[] => [...rows].sort((a, b) => b.seq - a.seq);
const groupsOf = (rows: UpdateMeta[], labelled: number[] = []) => {
  const { groups, open } = groupRevisions(newestFirst(rows), new Set(labelled));
  return [...groups, ...(open ? [open] : [])].map((g) => [g.firstSeq, g.rev]);
};

describe('[HI1] grouping the update log into revisions', () => {
  it('[HI1] one person’s consecutive edits within the gap form one revision; another person or a long pause starts a new one', () => {
    const rows = [row(1, null, 0, null), row(2, 'cn-a', 1000), row(3, 'cn-a', 2000), row(4, 'us-b', 3000), row(5, 'us-b', 3000 + REVISION_GAP_MS + 1), row(6, 'us-b', 3000 + REVISION_GAP_MS + 2)];
    expect(groupsOf(rows)).toEqual([[5, 6], [4, 4], [2, 3], [1, 1]]);
  });

  it('[HI1] a named revision closes the revision it names; the creation stands alone', () => {
    const rows = [row(1, 'cn-a', 0), row(2, 'cn-a', 1), row(3, 'cn-a', 2), row(4, 'cn-a', 3)];
    expect(groupsOf(rows, [2])).toEqual([[3, 4], [2, 2], [1, 1]]);
  });

  it('[HI1] agreement-only changes group apart from text edits; server corrections join the revision around them', () => {
    const rows = [row(1, null, 0, null), row(2, 'cn-a', 1), row(3, null, 2), row(4, 'cn-a', 3), row(5, 'cn-a', 4, ['agreement:c1']), row(6, 'cn-a', 5, ['agreement:c2'])];
    const { groups, open } = groupRevisions(newestFirst(rows), new Set());
    const all = [...groups, open!];
    expect(all.map((g) => [g.firstSeq, g.rev])).toEqual([[5, 6], [2, 4], [1, 1]]);
    expect(all.map((g) => kindOf(g, []))).toEqual(['agreement', 'edit', 'created']);
    const label: NamedRevision = { id: 1, seq: 6, name: 'Clause c2 agreed', kind: 'lock', userId: null, at: '' };
    expect(kindOf(all[0]!, [label])).toBe('lock');
    expect([...all[1]!.touched].sort()).toEqual(['clause:c2:en', 'clause:c3:en', 'clause:c4:en']);
  });

  it('[HI1] grouping a page is the same as grouping the whole log (the rule is local)', () => {
    const random = seededRandom(42);
    const rows: UpdateMeta[] = [row(1, null, 0, null)];
    let at = 0;
    for (let seq = 2; seq <= 400; seq += 1) {
      at += random() < 0.05 ? REVISION_GAP_MS * 2 : 1000;
      rows.push(row(seq, random() < 0.1 ? null : ['cn-a', 'us-b'][random() < 0.2 ? 1 : 0]!, at));
    }
    const labelled = [50, 51, 200];
    const whole = groupsOf(rows, labelled);
    // Any suffix of the log, grouped alone, yields the same complete groups as the whole log.
    const { groups } = groupRevisions(newestFirst(rows.filter((r) => r.seq > 150)), new Set(labelled));
    expect(groups.map((g) => [g.firstSeq, g.rev])).toEqual(whole.slice(0, groups.length));
  });
});

describe('Myers difference (compare)', () => {
  it('[HI1] its script turns a into b for random strings, and is shortest on the paper’s example', () => {
    const random = seededRandom(7);
    const word = (): string => Array.from({ length: Math.floor(random() * 30) }, () => 'abc合'[Math.floor(random() * 4)]).join('');
    for (let i = 0; i < 2000; i += 1) {
      const a = word();
      const b = word();
      let out = '';
      let kept = '';
      for (const op of diffSequences(a, b)) {
        if (op.op === 'equal') {
          expect(a[op.a]).toBe(b[op.b]);
          out += b[op.b];
          kept += a[op.a];
        } else if (op.op === 'insert') out += b[op.b];
        else kept += a[op.a];
      }
      expect(out).toBe(b);
      expect(kept).toBe(a);
    }
    // The classic example from Myers' paper: D = 5.
    expect(diffSequences('abcabba', 'cbabac').filter((op) => op.op !== 'equal')).toHaveLength(5);
  });
});
