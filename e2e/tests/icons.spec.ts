import { accountOf, clauseRow, expect, loginPage, openDemoMemo, test } from '../support/fixtures';

/**
 * The memo's icons are elements masked by their shape (ui/icons.css), not
 * inline SVG: every inline SVG root adds a transform and a clip the browser
 * walks on every frame, and a big memo has four icons in each row near the
 * screen (docs/PERFORMANCE.md, ninth pass). This checks that the icons still
 * draw their shapes (also in a contrast theme), and that no SVG creeps back
 * into the rows. Read-only on the shared demo memo.
 */
test('the row icons draw their shapes in the button colour, and the clause rows hold no inline SVG', async ({ browser }) => {
  const page = await loginPage(browser, accountOf('drafter', 'cn'));
  await openDemoMemo(page);
  const row = clauseRow(page, 'principles-fisheries-1');
  await row.hover();
  await expect(row.locator('.row__actions--icons')).toHaveCSS('opacity', '1');
  const icon = row.getByRole('button', { name: 'Add clause' }).locator('.icon');
  await expect(icon).toHaveCSS('width', '16px');
  await expect(icon).toHaveCSS('height', '16px');

  const drawn = await icon.screenshot();
  // The same icon unmasked (a filled square) and hidden (nothing): the real one is neither.
  const style = await page.addStyleTag({ content: '.icon { mask: none !important; }' });
  const square = await icon.screenshot();
  await style.evaluate((element) => {
    element.textContent = '.icon { background-color: transparent !important; }';
  });
  const blank = await icon.screenshot();
  await style.evaluate((element) => element.parentNode?.removeChild(element));
  expect(drawn.equals(square)).toBe(false);
  expect(drawn.equals(blank)).toBe(false);
  expect(square.equals(blank)).toBe(false);

  // In a forced-colours (contrast) theme the icon keeps its button's text colour, not the page's background.
  await page.emulateMedia({ forcedColors: 'active' });
  const colours = await icon.evaluate((element) => ({ icon: getComputedStyle(element).backgroundColor, button: getComputedStyle(element.parentElement!).color, page: getComputedStyle(document.body).backgroundColor }));
  expect(colours.icon).toBe(colours.button);
  expect(colours.icon).not.toBe(colours.page);
  await page.emulateMedia({ forcedColors: 'none' });

  expect(await page.locator('.clause-row').count()).toBeGreaterThan(5);
  await expect(page.locator('.clause-row svg')).toHaveCount(0);
  await page.context().close();
});
