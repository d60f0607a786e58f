import { describe, expect, it } from 'vitest';
import type { ClauseId, SectionId } from '../src/ids';
import { buildStructure, clauseIdsOf, LEADING_GROUP_ID } from '../src/memo/structure';
import { isOutlineEntry, parseRootName, type OutlineEntry } from '../src/memo/ydocLayout';

const s = (id: string, level: 1 | 2 = 1, numbered = true): OutlineEntry => ({ t: 'section', id: id as SectionId, level, numbered });
const c = (id: string): OutlineEntry => ({ t: 'clause', id: id as ClauseId });

describe('memo schema: outline and structure', () => {
  it('numbers clauses within their section and restarts in each sub-section', () => {
    const tree = buildStructure([s('pre', 1, false), c('p1'), s('a'), c('a1'), c('a2'), s('a-x', 2), c('x1'), s('a-y', 2), c('y1'), c('y2')]);
    expect(tree.map((n) => n.id)).toEqual(['pre', 'a']);
    expect(tree[0]!.clauses).toEqual([{ id: 'p1', number: null, index: 1 }]);
    expect(tree[1]!.clauses.map((x) => x.number)).toEqual([1, 2]);
    expect(tree[1]!.subsections.map((x) => x.id)).toEqual(['a-x', 'a-y']);
    expect(tree[1]!.subsections[1]!.clauses.map((x) => [x.id, x.number])).toEqual([['y1', 1], ['y2', 2]]);
  });

  it('puts clauses before any heading in an implicit leading group and promotes an orphan sub-section', () => {
    const tree = buildStructure([c('c0'), s('orphan', 2), c('c1')]);
    expect(tree[0]!.id).toBe(LEADING_GROUP_ID);
    expect(tree[0]!.subsections.map((x) => x.id)).toEqual(['orphan']);
    const tree2 = buildStructure([s('orphan', 2), c('c1')]);
    expect(tree2[0]!.level).toBe(1);
  });

  it('lists each clause id once', () => {
    expect(clauseIdsOf([s('a'), c('x'), c('y'), c('x')])).toEqual(['x', 'y']);
  });

  it('parses root names of the layout and rejects everything else', () => {
    expect(parseRootName('outline')).toEqual({ kind: 'outline' });
    expect(parseRootName('clause:abc:zh')).toEqual({ kind: 'clause', id: 'abc', lang: 'zh' });
    expect(parseRootName('section:s-1:en')).toEqual({ kind: 'section', id: 's-1', lang: 'en' });
    expect(parseRootName('title:zh')).toEqual({ kind: 'title', lang: 'zh' });
    for (const bad of ['', 'prosemirror', 'clause:abc', 'clause:a b:zh', 'clause:abc:ZH', 'title:zh:x', 'outline2', 'clause:abc:zh:x']) {
      expect(parseRootName(bad)).toBeNull();
    }
  });

  it('validates outline entries strictly', () => {
    expect(isOutlineEntry(c('x'))).toBe(true);
    expect(isOutlineEntry(s('x'))).toBe(true);
    expect(isOutlineEntry({ t: 'clause', id: 'x', extra: 1 })).toBe(false);
    expect(isOutlineEntry({ t: 'section', id: 'x', level: 3, numbered: true })).toBe(false);
    expect(isOutlineEntry({ t: 'clause', id: 'no:colons' })).toBe(false);
    expect(isOutlineEntry('clause')).toBe(false);
  });
});

describe('concurrent moves', () => {
  it('shows a clause once even when concurrent moves left two outline entries', () => {
    const tree = buildStructure([s('a'), c('x'), c('y'), s('b'), c('x')]);
    expect(tree[0]!.clauses.map((n) => n.id)).toEqual(['x', 'y']);
    expect(tree[1]!.clauses).toEqual([]);
  });
});
