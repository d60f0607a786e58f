import type { Browser } from '@playwright/test';
import { accountOf, clauseEditor, expect, expectCellText, importMarkdownMemo, logIn, loginPage, openDemoMemo, openMemo, serverUrl, test } from '../support/fixtures';

/**
 * Typing in a clause, as the typist sees it.
 *
 * - At the edge of what the reader sees: the memo header stays at the top of
 *   the window (sticky), so a line that has scrolled beneath it is out of
 *   sight even though it is inside the window. Typing there brings the line
 *   into view below the header.
 * - Paint first: a key shows in the frame after it is typed; the editor
 *   reading it into its document, writing it into the shared document and
 *   sending it all follow that frame (the editor's DeferredYjsWrites), and
 *   still every key is sent and stored; an undo pressed before that frame
 *   still takes back every key typed, and nothing that reaches the editor
 *   before that frame (another window's caret or edit) overtakes the key.
 */

/** A memo long enough to scroll: one section of 30 clauses. */
function memoMarkdown(): string {
  const lines = ['# Caret memo', '', '## Only section', ''];
  for (let c = 1; c <= 30; c++) lines.push(`${c}. Clause ${c} of the caret memo, long enough to read as a real sentence of a text.`);
  return lines.join('\n');
}

/**
 * The same person in two windows of an imported caret memo (it has no other member), both open on the
 * memo, and the first window's caret at the end of clause `index`'s English cell.
 */
async function twoWindowsAtClauseEnd(browser: Browser, index: number) {
  const page = await loginPage(browser, accountOf('facilitator'));
  const { memoId: id, sections } = await importMarkdownMemo(page, memoMarkdown(), ['en']);
  const clause = sections.flatMap((s) => s.clauses)[index]!.id;
  const other = await loginPage(browser, accountOf('facilitator'));
  await openMemo(page, id);
  await openMemo(other, id);
  const cell = clauseEditor(page, clause, 'en');
  const original = (await cell.textContent()) ?? '';
  await cell.click();
  await expect(cell).toHaveAttribute('contenteditable', 'true');
  await page.keyboard.press('ControlOrMeta+End');
  return { page, other, clause, cell, original };
}

test('typing on a line hidden beneath the sticky header scrolls it into view below the header', async ({ browser }) => {
  const page = await loginPage(browser, accountOf('facilitator'));
  const { memoId: id, sections } = await importMarkdownMemo(page, memoMarkdown(), ['en']);
  const clause = sections.flatMap((s) => s.clauses)[12]!.id;

  await openMemo(page, id);
  const cell = clauseEditor(page, clause, 'en');
  await cell.click();
  await expect(cell).toHaveAttribute('contenteditable', 'true');
  await page.keyboard.press('ControlOrMeta+End');

  // Where the caret is, relative to the bottom of the header (negative: beneath the header).
  const caretBelowHeader = (): Promise<number> =>
    page.evaluate(() => {
      const caret = window.getSelection()!.getRangeAt(0).getBoundingClientRect();
      return caret.top - document.querySelector('.memo-header')!.getBoundingClientRect().bottom;
    });
  // Scroll the caret's line to just beneath the header: still inside the window, hidden from the reader.
  const below = await caretBelowHeader();
  await page.evaluate((by) => window.scrollBy(0, by), below + 12);
  expect(await caretBelowHeader()).toBeLessThan(0);

  await page.keyboard.type('x');
  await expect(cell).toContainText('sentence of a text.x');
  await expect.poll(caretBelowHeader).toBeGreaterThanOrEqual(0);
  await page.context().close();
});

test('[DU1] a keystroke is painted before the editor reads it, writes it into the shared document and sends it; every key still arrives', async ({ browser }) => {
  const page = await loginPage(browser, accountOf('facilitator'));
  const { memoId: id, sections } = await importMarkdownMemo(page, memoMarkdown(), ['en']);
  const clause = sections.flatMap((s) => s.clauses)[3]!.id;
  // Counts what the page sends on its sockets between a key going into the text (its
  // beforeinput) and the next animation frame (whose rendering paints the key), and in all;
  // the same for the cell editor's transactions (ProseMirror reading the key into its
  // document, see `editorTransactions` below). Not what happens while a later key's keydown
  // is handled (until its beforeinput): a key typed before the previous key was read and
  // written has that done first (see the undo test below), and that is not this key's text.
  await page.addInitScript(() => {
    const counts = { beforePaint: 0, all: 0, transactionsBeforePaint: 0, transactions: 0 };
    let keyUnpainted = false;
    let inKeydown = false;
    Object.assign(window, { socketSends: counts });
    document.addEventListener(
      'keydown',
      () => {
        inKeydown = true;
      },
      true,
    );
    document.addEventListener(
      'beforeinput',
      () => {
        inKeydown = false;
        keyUnpainted = true;
        requestAnimationFrame(() => {
          keyUnpainted = false;
        });
      },
      true,
    );
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data) {
      counts.all += 1;
      if (keyUnpainted && !inKeydown) counts.beforePaint += 1;
      send.call(this, data);
    };
    // Called with the cell's Tiptap editor (Tiptap puts it on its element as `editor`).
    Object.assign(window, {
      editorTransactions: (editor: { on(event: 'transaction', listener: () => void): void }) =>
        editor.on('transaction', () => {
          counts.transactions += 1;
          if (keyUnpainted && !inKeydown) counts.transactionsBeforePaint += 1;
        }),
    });
  });
  await openMemo(page, id);
  const cell = clauseEditor(page, clause, 'en');
  await cell.click();
  await expect(cell).toHaveAttribute('contenteditable', 'true');
  await page.keyboard.press('End');
  await cell.evaluate((element) => {
    const watch = (window as unknown as { editorTransactions: (editor: unknown) => void }).editorTransactions;
    watch((element as HTMLElement & { editor: unknown }).editor);
  });
  const sends = () =>
    page.evaluate(() => (window as unknown as { socketSends: { beforePaint: number; all: number; transactionsBeforePaint: number; transactions: number } }).socketSends);
  const before = await sends();

  await page.keyboard.type(' Typed key by keys.', { delay: 30 });
  // Taking characters back with Backspace goes the same way.
  for (const key of ['Backspace', 'Backspace', '.']) {
    await page.keyboard.press(key);
    await page.waitForTimeout(30);
  }
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  const after = await sends();
  expect(after.all - before.all).toBeGreaterThanOrEqual(' Typed key by key.'.length);
  expect(after.beforePaint - before.beforePaint).toBe(0);
  // The editor did read the keys (a transaction each, or fewer when two keys shared a frame)…
  expect(after.transactions - before.transactions).toBeGreaterThanOrEqual(' Typed key by key.'.length / 2);
  // …after each key's frame, never before it.
  expect(after.transactionsBeforePaint - before.transactionsBeforePaint).toBe(0);
  await page.reload();
  await expect(clauseEditor(page, clause, 'en')).toContainText('real sentence of a text. Typed key by key.');
  await page.context().close();
});

test('[DU1] undo straight after typing takes the typed words back, here, in another window and in storage', async ({ browser }) => {
  const { page, other, clause, cell, original } = await twoWindowsAtClauseEnd(browser, 5);

  // No pause between the last key and the undo: the undo must see every key typed.
  await page.keyboard.type(' Typed then undone.');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(cell).toHaveText(original);
  // The same before the frame that paints the keys has come (animation frames held back): the keys are
  // still held by the editor, not yet in the shared document, when the undo arrives.
  await page.evaluate(() => {
    const held = window as unknown as { heldFrame: typeof requestAnimationFrame };
    held.heldFrame = window.requestAnimationFrame;
    window.requestAnimationFrame = () => 0;
  });
  await page.keyboard.type('xyz');
  await page.keyboard.press('ControlOrMeta+z');
  await page.evaluate(() => {
    window.requestAnimationFrame = (window as unknown as { heldFrame: typeof requestAnimationFrame }).heldFrame;
  });
  await expect(cell).toHaveText(original);
  await page.keyboard.type(' Kept.');
  await expect(cell).toHaveText(`${original} Kept.`);
  await expectCellText(clauseEditor(other, clause, 'en'), `${original} Kept.`);
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  await page.reload();
  await expectCellText(clauseEditor(page, clause, 'en'), `${original} Kept.`);
  await page.context().close();
  await other.context().close();
});

test('[DU1] a key the editor has not read yet keeps its place when another window\'s caret and edit arrive before its frame', async ({ browser }) => {
  const { page, other, clause, cell, original } = await twoWindowsAtClauseEnd(browser, 7);
  const theirs = clauseEditor(other, clause, 'en');

  // No frame comes in this window, nor the editor's fallback for a window that paints none
  // (its 100 ms timers): a typed key stays unread until something else needs the editor.
  await page.evaluate(() => {
    const held: Array<() => void> = [];
    const frame = window.requestAnimationFrame.bind(window);
    const timer = window.setTimeout.bind(window);
    Object.assign(window, { heldWork: held, realFrame: frame, realTimer: timer });
    window.requestAnimationFrame = (callback) => {
      held.push(() => frame(callback));
      return 0;
    };
    window.setTimeout = ((callback: () => void, ms?: number) => {
      if (ms !== 100) return timer(callback, ms);
      held.push(() => timer(callback, 0));
      return 0;
    }) as typeof window.setTimeout;
  });
  await page.keyboard.type('x');
  await expect(cell).toHaveText(`${original}x`);

  // The other window's caret comes into the cell: this window's editor draws it (a transaction)
  // with the key read first, so the caret here stays after the key.
  await theirs.click();
  await other.keyboard.press('Home');
  await expect(page.locator('.remote-caret')).toHaveCount(1);
  await page.keyboard.type('y');
  await expectCellText(cell, `${original}xy`);

  // The other window types at the start: its edit comes in while 'z' is unread…
  await page.keyboard.type('z');
  await other.keyboard.type('Q');
  await expectCellText(cell, `Q${original}xyz`);
  await expectCellText(theirs, `Q${original}xyz`);
  // …and while the Backspace that took 'z' back is.
  await page.keyboard.press('Backspace');
  await other.keyboard.type('R');
  await expectCellText(cell, `QR${original}xy`);
  await expectCellText(theirs, `QR${original}xy`);

  await page.evaluate(() => {
    const held = window as unknown as { heldWork: Array<() => void>; realFrame: typeof requestAnimationFrame; realTimer: typeof setTimeout };
    window.requestAnimationFrame = held.realFrame;
    window.setTimeout = held.realTimer;
    for (const work of held.heldWork.splice(0)) work();
  });
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  await page.reload();
  await expectCellText(clauseEditor(page, clause, 'en'), `QR${original}xy`);
  await page.context().close();
  await other.context().close();
});

test('the editor code is fetched while the memo list is idle, and carries the compile hint', async ({ browser }) => {
  const page = await loginPage(browser, accountOf('facilitator'));
  // On the memo list, with no memo opened yet: the memo page's chunk is fetched anyway.
  const memoChunk = (): Promise<string | undefined> =>
    page.evaluate(() => performance.getEntriesByType('resource').find((entry) => /\/assets\/MemoPage-[^/]*\.js$/.test(entry.name))?.name);
  await expect.poll(memoChunk, { timeout: 10_000 }).toBeTruthy();
  const url = (await memoChunk())!;
  // The same chunk, as the memo page loads it, starts with V8's compile-everything hint.
  const firstLine = await page.evaluate(async (chunk) => (await (await fetch(chunk)).text()).split('\n', 1)[0], url);
  expect(firstLine).toBe('//# allFunctionsCalledOnLoad');
  // And a memo then opens with it.
  await openDemoMemo(page);
  await page.context().close();
});

test('a memo opens even when fetching its code ahead failed (it is fetched again)', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: serverUrl() });
  // The first fetch of the memo page's code fails: the one made ahead, while the memo list is idle.
  let failed = 0;
  await context.route(/\/assets\/MemoPage-[^/]*\.js$/, (route) => {
    if (failed > 0) return route.continue();
    failed += 1;
    return route.abort('connectionreset');
  });
  const page = await context.newPage();
  await logIn(page, accountOf('drafter', 'cn'));
  await expect.poll(() => failed, { timeout: 10_000 }).toBe(1);
  await openDemoMemo(page);
  await expect(page.locator('[contenteditable="true"]').first()).toBeVisible();
  await context.close();
});
