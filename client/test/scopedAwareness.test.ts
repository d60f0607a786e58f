import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { scopedAwareness } from '../src/editor/scopedAwareness';

/** A cursor (as y-prosemirror writes it) at the start of a fragment's first paragraph. */
function cursorIn(fragment: Y.XmlFragment): unknown {
  const paragraph = fragment.get(0) as Y.XmlElement;
  const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(paragraph.get(0) as Y.XmlText, 0));
  return { anchor: position, head: position };
}

function memoWithTwoCells(): { doc: Y.Doc; a: Y.XmlFragment; b: Y.XmlFragment } {
  const doc = new Y.Doc();
  const a = doc.getXmlFragment('clause:a:en');
  const b = doc.getXmlFragment('clause:b:en');
  for (const fragment of [a, b]) {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('text')]);
    fragment.insert(0, [paragraph]);
  }
  return { doc, a, b };
}

describe('scopedAwareness: each cell hears only about carets in its own fragment', () => {
  it('a remote caret entering, moving and leaving wakes the cells it concerns, and no other', () => {
    const { doc, a, b } = memoWithTwoCells();
    const local = new Awareness(doc);
    // Another window of the same memo, its awareness delivered as the provider would.
    const remoteDoc = new Y.Doc();
    Y.applyUpdate(remoteDoc, Y.encodeStateAsUpdate(doc));
    const remote = new Awareness(remoteDoc);
    const deliver = (): void => applyAwarenessUpdate(local, encodeAwarenessUpdate(remote, [remote.clientID]), 'remote');

    const heard = { a: 0, b: 0 };
    scopedAwareness(local, a).on('change', () => heard.a++);
    scopedAwareness(local, b).on('change', () => heard.b++);

    remote.setLocalStateField('user', { name: 'R' });
    deliver();
    expect(heard).toEqual({ a: 0, b: 0 });

    remote.setLocalStateField('cursor', cursorIn(remoteDoc.getXmlFragment('clause:a:en')));
    deliver();
    expect(heard).toEqual({ a: 1, b: 0 });

    // Moving to the other cell: the old one removes the caret, the new one draws it.
    remote.setLocalStateField('cursor', cursorIn(remoteDoc.getXmlFragment('clause:b:en')));
    deliver();
    expect(heard).toEqual({ a: 2, b: 1 });

    // Gone: only the cell that showed it hears.
    remote.setLocalStateField('cursor', null);
    deliver();
    expect(heard).toEqual({ a: 2, b: 2 });
    local.destroy();
    remote.destroy();
  });

  it('this window typing in one cell (its own caret moving) does not wake the other cells', () => {
    const { doc, a, b } = memoWithTwoCells();
    const local = new Awareness(doc);
    const heard = { a: 0, b: 0 };
    const onB = (): void => {
      heard.b++;
    };
    scopedAwareness(local, a).on('change', () => heard.a++);
    const viewB = scopedAwareness(local, b);
    viewB.on('change', onB);
    for (let i = 0; i < 5; i++) {
      const paragraph = a.get(0) as Y.XmlElement;
      (paragraph.get(0) as Y.XmlText).insert(0, 'x');
      local.setLocalStateField('cursor', cursorIn(a));
    }
    expect(heard.b).toBe(0);
    expect(heard.a).toBeGreaterThan(0);
    // A listener removed through the view is really removed.
    viewB.off('change', onB);
    local.setLocalStateField('cursor', cursorIn(b));
    expect(heard.b).toBe(0);
    local.destroy();
  });
});
