import * as Y from 'yjs';
import type { Page } from '@playwright/test';
import { accountOf, clauseEditor, expect, loginPage, openDemoMemo, test } from '../support/fixtures';

/**
 * SE3: a hostile member bypasses the editor and writes raw Yjs to the sync
 * socket. What the server's layout check lets through (element attributes,
 * bracket attributes) must render inert in both parties' browsers; what it
 * refuses (marks outside the editor schema, foreign elements) must never
 * reach them.
 */
const CLAUSE = 'recommendations-3';
const FRAGMENT = `clause:${CLAUSE}:en`;

/** A y-websocket "sync step 2" frame carrying one Yjs V1 update (message type 0, sync step 2). */
function syncFrame(update: Uint8Array): number[] {
  const varUint = (n: number): number[] => {
    const out: number[] = [];
    while (n > 0x7f) {
      out.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.push(n);
    return out;
  };
  return [0, 2, ...varUint(update.length), ...update];
}

/** An update that inserts one paragraph built by `fill` at the start of the clause's English version. */
function paragraphUpdate(clientId: number, fill: (paragraph: Y.XmlElement, text: Y.XmlText) => void, nodeName = 'paragraph'): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const paragraph = new Y.XmlElement(nodeName);
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment(FRAGMENT).insert(0, [paragraph]);
  fill(paragraph, text);
  return Y.encodeStateAsUpdate(doc);
}

/**
 * Sends one frame on a socket of its own, opened from the page (so it carries
 * the page's session cookie and origin, like a hostile script of a logged-in
 * member would), and resolves with the close code, or 'open' when the server
 * kept the socket open for a second.
 */
async function sendRaw(page: Page, frame: number[]): Promise<number | 'open'> {
  const memoId = new URL(page.url()).pathname.split('/').pop()!;
  return page.evaluate(
    ({ memoId, frame }) =>
      new Promise<number | 'open'>((resolve) => {
        const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync/${memoId}`);
        socket.binaryType = 'arraybuffer';
        socket.onopen = () => {
          socket.send(new Uint8Array(frame));
          setTimeout(() => {
            socket.close();
            resolve('open');
          }, 1000);
        };
        socket.onclose = (event) => resolve(event.code);
      }),
    { memoId, frame },
  );
}

const xssFlag = (page: Page) => page.evaluate(() => (window as unknown as { __xss?: number }).__xss);

test('[SE3] raw Yjs attributes and marks from a hostile client never execute; refused kinds never arrive', async ({ browser }) => {
  const attacker = await loginPage(browser, accountOf('drafter', 'cn'));
  const reader = await loginPage(browser, accountOf('drafter', 'us'));
  await openDemoMemo(attacker);
  await openDemoMemo(reader);
  for (const page of [attacker, reader]) {
    page.on('dialog', (dialog) => {
      throw new Error(`a dialog opened: ${dialog.message()}`);
    });
  }

  // Accepted by the layout check (valid paragraphs, marks of the schema), hostile in their values.
  const inert = paragraphUpdate(0x5e3001, (paragraph, text) => {
    paragraph.setAttribute('onclick', 'window.__xss = 1');
    paragraph.setAttribute('onmouseover', 'window.__xss = 2');
    paragraph.setAttribute('style', 'background-image: url("javascript:window.__xss = 3")');
    paragraph.setAttribute('class', '"><img src=x onerror="window.__xss = 4">');
    text.insert(0, 'HOSTILE-ATTRS ');
    text.insert(14, 'contested', { bracket: { party: 'cn', reason: '"><script>window.__xss = 5</script><img src=x onerror="window.__xss = 6">' } });
    text.insert(23, ' bold', { bold: { href: 'javascript:window.__xss = 7', onclick: 'window.__xss = 8' } });
  });
  expect(await sendRaw(attacker, syncFrame(inert))).toBe('open');

  for (const page of [attacker, reader]) {
    const cell = clauseEditor(page, CLAUSE, 'en');
    await expect(cell).toContainText('HOSTILE-ATTRS contested bold');
    await cell.hover();
    await cell.click();
    await page.getByText('HOSTILE-ATTRS').first().hover();
    await page.getByText('contested').first().hover();
    const row = page.locator(`[data-clause-row="${CLAUSE}"]`);
    expect(await row.locator('img, script, a[href^="javascript:"], [onclick], [onmouseover], [onerror]').count()).toBe(0);
    expect(await row.locator('[style*="javascript"]').count()).toBe(0);
    expect(await xssFlag(page)).toBeUndefined();
  }

  // Refused by the layout check: a link mark, and an element that is not a paragraph. The socket closes
  // with 4400 and neither party ever sees the text.
  const linkMark = paragraphUpdate(0x5e3002, (_paragraph, text) => {
    text.insert(0, 'REFUSED-LINK', { link: { href: 'javascript:window.__xss = 9' } });
  });
  const image = paragraphUpdate(0x5e3003, (paragraph) => {
    paragraph.setAttribute('src', 'x');
    paragraph.setAttribute('onerror', 'window.__xss = 10');
    paragraph.insert(0, [new Y.XmlText('REFUSED-IMG')]);
  }, 'img');
  expect(await sendRaw(attacker, syncFrame(linkMark))).toBe(4400);
  expect(await sendRaw(attacker, syncFrame(image))).toBe(4400);

  // The honest session goes on: the attacker's own editor still syncs an ordinary edit to the reader.
  const editor = clauseEditor(attacker, CLAUSE, 'en');
  await editor.click();
  await attacker.keyboard.press('End');
  await attacker.keyboard.type(' AFTER-ATTACK');
  await expect(clauseEditor(reader, CLAUSE, 'en')).toContainText('AFTER-ATTACK');
  for (const page of [attacker, reader]) {
    const cell = clauseEditor(page, CLAUSE, 'en');
    await expect(cell).not.toContainText('REFUSED-LINK');
    await expect(cell).not.toContainText('REFUSED-IMG');
    expect(await xssFlag(page)).toBeUndefined();
  }
  await attacker.context().close();
  await reader.context().close();
});
