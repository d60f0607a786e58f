import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ClauseId } from '../src/ids';
import { getAgreementMap } from '../src/memo/agreement';
import { getClauseText, getOutline, typeRoots } from '../src/memo/ydocLayout';

/** A memo document as a page or the server receives it: an update applied to an empty Y.Doc. */
function received(clauses: number): Y.Doc {
  const source = new Y.Doc();
  source.transact(() => {
    getOutline(source).push(Array.from({ length: clauses }, (_, i) => ({ t: 'clause' as const, id: `c${i}` as ClauseId })));
    for (let i = 0; i < clauses; i++) {
      for (const lang of ['zh', 'en']) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(`clause ${i} ${lang}`)]);
        getClauseText(source, `c${i}`, lang).insert(0, [paragraph]);
      }
    }
    getAgreementMap(source).set('c0', { signoffs: {} } as never);
  });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

describe('Y.Doc layout', () => {
  it('typeRoots types every root of a received memo in one transaction (Yjs would run one per root when first read)', () => {
    const lazy = received(50);
    let transactions = 0;
    lazy.on('afterTransaction', () => transactions++);
    for (let i = 0; i < 50; i++) getClauseText(lazy, `c${i}`, 'en');
    expect(transactions).toBe(50);

    const doc = received(50);
    transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    typeRoots(doc);
    expect(transactions).toBe(1);
    expect(doc.share.get('outline')).toBeInstanceOf(Y.Array);
    expect(doc.share.get('agreement')).toBeInstanceOf(Y.Map);
    expect(doc.share.get('clause:c7:zh')).toBeInstanceOf(Y.XmlFragment);
    // Reading them afterwards is no transaction at all, and reads the received text.
    expect(getClauseText(doc, 'c7', 'zh').toString()).toBe('<paragraph>clause 7 zh</paragraph>');
    expect(getOutline(doc).length).toBe(50);
    expect(transactions).toBe(1);
  });
});
