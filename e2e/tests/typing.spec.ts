import { accountOf, clauseEditor, expect, expectCellText, importMarkdownMemo, logIn, loginPage, openDemoMemo, openMemo, serverUrl, test } from '../support/fixtures';

/**
 * Typing in a clause, as the typist sees it.
 *
 * - At the edge of what the reader sees: the memo header stays at the top of
 *   the window (sticky), so a line that has scrolled beneath it is out of
 *   sight even though it is inside the window. Typing there brings the line
 *   into view below the header.
 * - Paint first: a key shows in the frame after it is typed; writing it into
 *   the shared document and sending it follow that frame (the editor's
 *   DeferredYjsWrites), and still every key is sent and stored; an undo
 *   pressed before that frame still takes back every key typed.
 */

/** A memo long enough to scroll: one section of 30 clauses. */
function memoMarkdown(): string {
  const lines = ['# Caret memo', '', '## Only section', ''];
  for (let c = 1; c <= 30; c++) lines.push(`${c}. Clause ${c} of the caret memo, long enough to read as a real sentence of a text.`);
  return lines.join('\n');
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

test('[DU1] a keystroke is painted before it is written into the shared document and sent; every key still arrives', async ({ browser }) => {
  const page = await loginPage(browser, accountOf('facilitator'));
  const { memoId: id, sections } = await importMarkdownMemo(page, memoMarkdown(), ['en']);
  const clause = sections.flatMap((s) => s.clauses)[3]!.id;
  // Counts what the page sends on its sockets between a key going into the text (its
  // beforeinput) and the next animation frame (whose rendering paints the key), and in all.
  // Not what is sent while a later key's keydown is handled (until its beforeinput): a key
  // typed before the previous key's write first writes the previous key (see the undo test
  // below), and that is not this key's text.
  await page.addInitScript(() => {
    const counts = { beforePaint: 0, all: 0 };
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
  });
  await openMemo(page, id);
  const cell = clauseEditor(page, clause, 'en');
  await cell.click();
  await expect(cell).toHaveAttribute('contenteditable', 'true');
  await page.keyboard.press('End');
  const sends = () => page.evaluate(() => (window as unknown as { socketSends: { beforePaint: number; all: number } }).socketSends);
  const before = await sends();

  await page.keyboard.type(' Typed key by key.', { delay: 30 });
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
  const after = await sends();
  expect(after.all - before.all).toBeGreaterThanOrEqual(' Typed key by key.'.length);
  expect(after.beforePaint - before.beforePaint).toBe(0);
  await page.reload();
  await expect(clauseEditor(page, clause, 'en')).toContainText('real sentence of a text. Typed key by key.');
  await page.context().close();
});

test('[DU1] undo straight after typing takes the typed words back, here, in another window and in storage', async ({ browser }) => {
  const page = await loginPage(browser, accountOf('facilitator'));
  const { memoId: id, sections } = await importMarkdownMemo(page, memoMarkdown(), ['en']);
  const clause = sections.flatMap((s) => s.clauses)[5]!.id;
  // The same person in a second window (the imported memo has no other member).
  const other = await loginPage(browser, accountOf('facilitator'));
  await openMemo(page, id);
  await openMemo(other, id);
  const cell = clauseEditor(page, clause, 'en');
  const original = (await cell.textContent()) ?? '';
  await cell.click();
  await expect(cell).toHaveAttribute('contenteditable', 'true');
  await page.keyboard.press('End');

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
