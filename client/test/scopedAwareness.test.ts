import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { CURSOR_WRITE_DELAY_MS, scopedAwareness } from '../src/editor/scopedAwareness';

/** A cursor (as y-prosemirror writes it) in a fragment's first paragraph, at `offset` (its start unless given). */
function cursorIn(fragment: Y.XmlFragment, offset = 0): unknown {
  const paragraph = fragment.get(0) as Y.XmlElement;
  const position = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(paragraph.get(0) as Y.XmlText, offset));
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

  it('this window typing in one cell (its own caret moving) wakes no cell: its own caret is never drawn', () => {
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
    expect(heard).toEqual({ a: 0, b: 0 });
    // A listener removed through the view is really removed: a remote caret entering b is not heard by it.
    viewB.off('change', onB);
    const remoteDoc = new Y.Doc();
    Y.applyUpdate(remoteDoc, Y.encodeStateAsUpdate(doc));
    const remote = new Awareness(remoteDoc);
    remote.setLocalStateField('cursor', cursorIn(remoteDoc.getXmlFragment('clause:b:en')));
    applyAwarenessUpdate(local, encodeAwarenessUpdate(remote, [remote.clientID]), 'remote');
    expect(heard.b).toBe(0);
    local.destroy();
    remote.destroy();
  });

  it('caret writes are throttled: written at once after a pause, then at most one per CURSOR_WRITE_DELAY_MS, the newest', async () => {
    const { doc, a, b } = memoWithTwoCells();
    const local = new Awareness(doc);
    const sent: unknown[] = [];
    local.on('update', ({ updated }: { updated: number[] }) => {
      if (updated.includes(local.clientID)) sent.push(local.getLocalState()?.cursor);
    });
    const viewA = scopedAwareness(local, a);
    const viewB = scopedAwareness(local, b);
    // The first caret after a quiet spell: written at once.
    viewA.setLocalStateField('cursor', cursorIn(a, 0));
    expect(sent).toEqual([cursorIn(a, 0)]);
    // Moving on at typing speed: held back, every cell's plugin reading back the caret that will be written.
    for (let offset = 1; offset <= 3; offset++) viewA.setLocalStateField('cursor', cursorIn(a, offset));
    expect(sent).toEqual([cursorIn(a, 0)]);
    expect(local.getLocalState()?.cursor).toEqual(cursorIn(a, 0));
    expect(viewB.getLocalState()?.cursor).toEqual(cursorIn(a, 3));
    // Another cell's editor going away does not clear a pending caret that is not in it.
    viewB.setLocalStateField('cursor', null);
    await new Promise((resolve) => setTimeout(resolve, CURSOR_WRITE_DELAY_MS + 50));
    // One write for the three moves: the newest.
    expect(sent).toEqual([cursorIn(a, 0), cursorIn(a, 3)]);
    expect(local.getLocalState()?.cursor).toEqual(cursorIn(a, 3));
    // The cell that holds the caret clears it (blur) after a pause: written at once.
    viewA.setLocalStateField('cursor', null);
    expect(sent).toEqual([cursorIn(a, 0), cursorIn(a, 3), null]);
    local.destroy();
  });

  it('a caret still pending when the memo closes is dropped, not written into the destroyed awareness', async () => {
    const { doc, a } = memoWithTwoCells();
    const local = new Awareness(doc);
    const view = scopedAwareness(local, a);
    view.setLocalStateField('cursor', cursorIn(a, 0));
    view.setLocalStateField('cursor', cursorIn(a, 1));
    local.destroy();
    await new Promise((resolve) => setTimeout(resolve, CURSOR_WRITE_DELAY_MS + 50));
    expect(local.getLocalState()).toBeNull();
  });
});
