import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canonicalClause } from '../src/memo/canonical';
import { clauseHash, sha256Hex } from '../src/memo/hash';
import { paragraphElement, writeSeedText } from '../src/memo/richText';
import { getClauseText } from '../src/memo/ydocLayout';

const LANGS = ['zh', 'en'];

function seeded(zh: string, en: string): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    writeSeedText(getClauseText(doc, 'c1', 'zh'), zh);
    writeSeedText(getClauseText(doc, 'c1', 'en'), en);
  });
  return doc;
}

describe('canonical clause hash', () => {
  it('[CL1] is lowercase hex SHA-256 of the canonical serialisation', () => {
    const doc = seeded('双方同意。', 'Both sides agree.');
    const hash = clauseHash(doc, 'c1', LANGS);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(sha256Hex(canonicalClause(doc, 'c1', LANGS)));
  });

  it('[CL1] same content gives the same hash on a replica that received it as an update', () => {
    const server = seeded('**领先句。**其余文字。', '**Lead.** The rest.');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    expect(clauseHash(client, 'c1', LANGS)).toBe(clauseHash(server, 'c1', LANGS));
  });

  it('[CL1] does not depend on how the text was typed (item splits)', () => {
    const typed = new Y.Doc();
    const frag = getClauseText(typed, 'c1', 'en');
    frag.insert(0, [paragraphElement([])]);
    const text = (frag.get(0) as Y.XmlElement).get(0) as Y.XmlText;
    const sentence = 'Both sides agree.';
    for (let i = 0; i < sentence.length; i++) text.insert(i, sentence[i]!);
    writeSeedText(getClauseText(typed, 'c1', 'zh'), '双方同意。');
    expect(clauseHash(typed, 'c1', LANGS)).toBe(clauseHash(seeded('双方同意。', sentence), 'c1', LANGS));
  });

  it('[CL1] adjacent runs with equal marks compare equal to one run', () => {
    const a = seeded('x', 'one two');
    const b = new Y.Doc();
    writeSeedText(getClauseText(b, 'c1', 'zh'), 'x');
    const frag = getClauseText(b, 'c1', 'en');
    frag.insert(0, [paragraphElement([{ text: 'one ', marks: {} }, { text: 'two', marks: {} }])]);
    expect(clauseHash(b, 'c1', LANGS)).toBe(clauseHash(a, 'c1', LANGS));
  });

  it('[CL1] changes with text, with marks, with bracket attributes and with any language version', () => {
    const base = clauseHash(seeded('甲', 'A text'), 'c1', LANGS);
    expect(clauseHash(seeded('乙', 'A text'), 'c1', LANGS)).not.toBe(base);
    expect(clauseHash(seeded('甲', 'A **text**'), 'c1', LANGS)).not.toBe(base);

    const bracketed = (reason: string): string => {
      const doc = seeded('甲', 'A text');
      const t = (getClauseText(doc, 'c1', 'en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      t.format(2, 4, { 'bracket--abc': { party: 'us', reason } });
      return clauseHash(doc, 'c1', LANGS);
    };
    expect(bracketed('scope')).not.toBe(base);
    expect(bracketed('scope')).not.toBe(bracketed('other reason'));
  });

  it('[CL1] ignores the y-prosemirror mark-key suffix and attribute key order', () => {
    const make = (key: string, attrs: Record<string, string>): string => {
      const doc = seeded('甲', 'A text');
      const t = (getClauseText(doc, 'c1', 'en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
      t.format(0, 1, { [key]: attrs });
      return clauseHash(doc, 'c1', LANGS);
    };
    expect(make('bracket--aaa', { party: 'us', reason: 'r' })).toBe(make('bracket--bbb', { reason: 'r', party: 'us' }));
  });

  it('[CL1] an empty language version hashes as one empty paragraph', () => {
    const empty = new Y.Doc();
    const paragraph = new Y.Doc();
    getClauseText(paragraph, 'c1', 'zh').insert(0, [paragraphElement([])]);
    getClauseText(paragraph, 'c1', 'en').insert(0, [paragraphElement([])]);
    expect(clauseHash(empty, 'c1', LANGS)).toBe(clauseHash(paragraph, 'c1', LANGS));
  });

  it('[CL1] language order is the memo order, and each language counts', () => {
    const doc = seeded('甲', 'A');
    expect(clauseHash(doc, 'c1', ['zh', 'en'])).not.toBe(clauseHash(doc, 'c1', ['en', 'zh']));
    expect(clauseHash(doc, 'c1', ['zh'])).not.toBe(clauseHash(doc, 'c1', ['zh', 'en']));
  });
});
