import { accountOf, clauseEditor, expect, importMarkdownMemo, loginPage, openMemo, test } from '../support/fixtures';

/**
 * Typing at the edge of what the reader sees: the memo header stays at the
 * top of the window (sticky), so a line that has scrolled beneath it is out
 * of sight even though it is inside the window. Typing there brings the
 * line into view below the header.
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
