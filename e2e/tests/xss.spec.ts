import { accountOf, clauseEditor, expect, loginPage, openDemoMemo, test } from '../support/fixtures';

/** SE3: hostile content pasted into a clause never executes, for the writer or the other party. */
test('[SE3] pasted HTML with scripts, event handlers and javascript: links never executes', async ({ browser }) => {
  const writer = await loginPage(browser, accountOf('drafter', 'cn'));
  const reader = await loginPage(browser, accountOf('drafter', 'us'));
  await openDemoMemo(writer);
  await openDemoMemo(reader);
  for (const page of [writer, reader]) {
    page.on('dialog', (dialog) => {
      throw new Error(`a dialog opened: ${dialog.message()}`);
    });
  }

  const editor = clauseEditor(writer, 'future-2', 'en');
  await editor.click();
  await writer.keyboard.press('End');
  await editor.evaluate((element) => {
    const html =
      '<p>SAFE-PASTE <img src="x" onerror="window.__xss = 1"><script>window.__xss = 2</script>' +
      '<a href="javascript:window.__xss=3">link</a><span onmouseover="window.__xss=4">hover</span></p>';
    const data = new DataTransfer();
    data.setData('text/html', html);
    data.setData('text/plain', 'SAFE-PASTE link hover');
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(clauseEditor(reader, 'future-2', 'en')).toContainText('SAFE-PASTE');

  for (const page of [writer, reader]) {
    const cell = clauseEditor(page, 'future-2', 'en');
    await cell.hover();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // Nothing executable reached the DOM: no images with handlers, no scripts, no javascript: links.
    expect(await cell.locator('img, script, a[href^="javascript:"], [onerror], [onmouseover]').count()).toBe(0);
  }
  await writer.context().close();
  await reader.context().close();
});
