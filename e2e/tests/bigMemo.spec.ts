import { accountOf, clauseEditor, clauseRow, expect, importMarkdownMemo, loginPage, openMemo, test } from '../support/fixtures';

/**
 * A long memo (issue 6): only the sections near the viewport have whole
 * clause rows (editors, controls, agreement line); the others show their
 * text as placeholders. For the person reading and drafting nothing is
 * lost: the far text is in the page (browser find), the status bar jumps to
 * a far section whose clauses can be edited at once, focus reaches a far
 * clause by keyboard, and what was typed there is saved.
 */

const SECTIONS = 12;
const CLAUSES_PER_SECTION = 20;

/** A Markdown memo of SECTIONS × CLAUSES_PER_SECTION clauses, each with a phrase found nowhere else. */
function bigMemoMarkdown(): string {
  const lines = ['# Long memo for windowed rendering', ''];
  for (let s = 1; s <= SECTIONS; s++) {
    lines.push(`## Section number ${s}`, '');
    for (let c = 1; c <= CLAUSES_PER_SECTION; c++) {
      lines.push(`${c}. Both sides note item ${s}-${c}, marker phrase zq${s}x${c}q, and agree to keep talking about it in good faith.`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

test('a long memo renders far sections as placeholders, yet find, jumping, keyboard focus and typing reach every clause', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await loginPage(browser, accountOf('facilitator'));
  const { memoId: id, sections: all } = await importMarkdownMemo(page, bigMemoMarkdown(), ['en', 'zh']);
  const sections = all.filter((s) => s.clauses.length > 0);
  expect(sections.length).toBe(SECTIONS);
  const first = sections[0]!.clauses[0]!.id;
  const farSection = sections[SECTIONS - 2]!;
  const far = farSection.clauses[4]!.id;
  const other = sections[SECTIONS - 1]!.clauses[10]!.id;

  // Whether the first clause's row was ever rendered as a placeholder while the memo opened, and
  // whether its cell was editable in the first frame that showed its text (read in each frame's
  // animation callbacks: what that frame paints).
  await page.addInitScript((clauseId) => {
    const seen: { placeholder: boolean; editableWhenFirstShown: string | null } = { placeholder: false, editableWhenFirstShown: null };
    Object.assign(window, { firstRowSeen: seen });
    new MutationObserver(() => {
      if (document.querySelector(`.clause-row--placeholder[data-clause-row="${clauseId}"]`)) seen.placeholder = true;
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
    const everyFrame = (): void => {
      const text = document.querySelector(`[data-root="clause:${clauseId}:en"] > div:last-child`);
      if (text?.textContent) seen.editableWhenFirstShown = text.getAttribute('contenteditable');
      else requestAnimationFrame(everyFrame);
    };
    requestAnimationFrame(everyFrame);
  }, first);
  await openMemo(page, id);
  // The top is whole and editable; a far clause is a placeholder, its text already in the page.
  // The first screen's rows are whole from the memo's first render, not after a round through the observer.
  await expect(clauseEditor(page, first, 'en')).toHaveAttribute('contenteditable', 'true');
  const firstRowSeen = await page.evaluate(() => (window as unknown as { firstRowSeen: { placeholder: boolean; editableWhenFirstShown: string | null } }).firstRowSeen);
  expect(firstRowSeen.placeholder).toBe(false);
  // Its first cells mount their editors before the memo's first frame (VisibilityWatcher.opensOnScreen).
  expect(firstRowSeen.editableWhenFirstShown).toBe('true');
  await expect(clauseRow(page, first).getByRole('button', { name: 'Delete clause' })).toBeAttached();
  await expect(clauseRow(page, far)).toHaveClass(/clause-row--placeholder/);
  await expect(clauseRow(page, far).getByRole('button', { name: 'Delete clause' })).toHaveCount(0);
  await expect(clauseEditor(page, far, 'en')).toContainText(`zq${SECTIONS - 1}x5q`);
  // Browser find reaches text in a far section.
  expect(await page.evaluate((phrase) => (window as unknown as { find(text: string): boolean }).find(phrase), `zq${SECTIONS}x11q`)).toBe(true);

  // Only the English column for now: the Chinese cells of rows coming near mount no editors.
  await page.getByRole('radio', { name: 'English' }).check();

  // Jump to the far section from the status bar: its clauses become whole and editable; the top is released.
  await page.locator('.status-bar__sections summary').click();
  await page.getByRole('button', { name: `Section number ${SECTIONS - 1}`, exact: true }).click();
  await expect(page.locator(`[data-section-block="${farSection.id}"] .heading-row`)).toBeInViewport();
  await expect(clauseRow(page, far)).not.toHaveClass(/clause-row--placeholder/);
  await expect(clauseRow(page, far).getByRole('button', { name: 'Delete clause' })).toBeAttached();
  await expect(clauseRow(page, first)).toHaveClass(/clause-row--placeholder/);
  // Both language cells become editors without being touched (they share one observation of their
  // row), the Chinese one once its column is shown again.
  const farCell = clauseEditor(page, far, 'en');
  await expect(farCell).toHaveAttribute('contenteditable', 'true');
  // (A locator by role skips hidden elements: this one finds the hidden cell by its label.)
  await expect(page.locator(`[aria-label="Clause ${far} zh"]`)).toHaveAttribute('contenteditable', 'false');
  await page.getByRole('radio', { name: 'All languages' }).check();
  await expect(clauseEditor(page, far, 'zh')).toHaveAttribute('contenteditable', 'true');
  // Keys typed into a clause stay with its editor: React's root listener (which would walk the
  // component tree for each one, finding no handler) never hears them.
  await page.evaluate(() => {
    const counter = window as unknown as { keysAtRoot: number };
    counter.keysAtRoot = 0;
    document.getElementById('root')!.addEventListener('keydown', () => counter.keysAtRoot++);
  });
  await farCell.click();
  await page.keyboard.press('End');
  await page.keyboard.type(' Typed far away.');
  await expect(farCell).toContainText('in good faith. Typed far away.');
  expect(await page.evaluate(() => (window as unknown as { keysAtRoot: number }).keysAtRoot)).toBe(0);

  // Keyboard focus onto a clause that is still a placeholder (another section) makes it an editor there.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(clauseRow(page, other)).toHaveClass(/clause-row--placeholder/);
  // Its Chinese version, still empty, shows the faint hint in the placeholder as in an editor.
  const hint = (lang: string): Promise<string> =>
    clauseEditor(page, other, lang).evaluate((cell) => getComputedStyle(cell.querySelector('p')!, '::before').content);
  expect(await hint('zh')).toBe('"No text yet"');
  expect(await hint('en')).toBe('none');
  const otherCell = clauseEditor(page, other, 'en');
  await otherCell.focus();
  await expect(otherCell).toHaveAttribute('contenteditable', 'true');
  await expect(otherCell).toBeFocused();
  await page.keyboard.type(' Reached by keyboard.');
  await expect(otherCell).toContainText('Reached by keyboard.');
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

  // Saved on the server: a reload shows both edits (as placeholders or editors, wherever they are).
  await openMemo(page, id);
  await expect(clauseEditor(page, far, 'en')).toContainText('Typed far away.');
  await expect(clauseEditor(page, other, 'en')).toContainText('Reached by keyboard.');

  // While the page scrolls, cells coming near keep their text and mount no editor (mounting one forces
  // a style and layout pass: during a fast scroll they made long frames). Editors appear once the page
  // has gone 120 ms without a scroll event, or in one batch a second for a reader who never stops
  // (VisibilityWatcher's settleMs and MAX_SETTLE_WAIT_MS); those on screen when it stops do appear.
  await page.evaluate(() => {
    const times = { scrolls: [] as number[], mounts: [] as number[], startedAt: performance.now(), startY: window.scrollY };
    Object.assign(window, { scrollTimes: times });
    window.addEventListener('scroll', () => void times.scrolls.push(performance.now()), { capture: true, passive: true });
    let editors = document.querySelectorAll('.ProseMirror').length;
    // One record per growth: the editors of one delivery mount in one frame callback.
    new MutationObserver(() => {
      const now = document.querySelectorAll('.ProseMirror').length;
      if (now > editors) times.mounts.push(performance.now());
      editors = now;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await page.evaluate(async () => {
    for (let step = 0; step < 40; step++) {
      window.scrollBy(0, 150);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  });
  const onScreenCellsEditable = (): Promise<boolean> =>
    page.evaluate(() => {
      const onScreen = [...document.querySelectorAll('.clause-row:not(.clause-row--placeholder) [data-lang="en"] > div:last-child')].filter((cell) => {
        const box = cell.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight;
      });
      return onScreen.length > 0 && onScreen.every((cell) => cell.getAttribute('contenteditable') === 'true');
    });
  await expect.poll(onScreenCellsEditable).toBe(true);
  const times = await page.evaluate(() => (window as unknown as { scrollTimes: { scrolls: number[]; mounts: number[]; startedAt: number; startY: number } }).scrollTimes);
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(times.startY + 3000);
  // (Editors of the reopened memo's first screen may still be mounting when the scrolling begins.)
  const firstScroll = Math.min(...times.scrolls);
  expect(times.mounts.filter((at) => at > firstScroll).length).toBeGreaterThan(0);
  // Each batch of editors came after 120 ms without scrolling (10 ms spare for the timestamps), or long
  // after the previous batch (1 s; 300 ms leaves room for a slow machine). Without the wait, batches
  // came a frame after each scroll event, tens of milliseconds apart.
  const early = times.mounts.filter((at, index) => {
    if (at < firstScroll) return false;
    const stillFor = at - Math.max(times.startedAt, ...times.scrolls.filter((scrolled) => scrolled <= at));
    const sincePrevious = at - (index === 0 ? times.startedAt : times.mounts[index - 1]!);
    return stillFor < 110 && sincePrevious < 300;
  });
  expect(early).toEqual([]);
  await page.context().close();
});
