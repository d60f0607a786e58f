import path from 'node:path';
import type { Page } from '@playwright/test';
import { accountOf, clauseEditor, clauseRow, expect, loginPage, openDemoMemo, placeCaretIn, selectText, test } from '../support/fixtures';

/**
 * The README's pictures of the memo page, made from a real session so they
 * can be regenerated whenever the interface changes (`pnpm screenshot`):
 * the Chinese and US signatories work on "Status of relations" of the demo
 * memo — one clause signed by both and locked, contested language bracketed
 * in both language versions, each signatory's caret in the next clause —
 * and the facilitator's window, which shows both carets, is photographed in
 * English (docs/screenshot.png) and in Chinese (docs/screenshot-zh.png).
 */

const DOCS = path.resolve(import.meta.dirname, '..', '..', 'docs');
const VIEWPORT = { width: 1500, height: 1000 };

async function bracket(page: Page, clauseId: string, lang: string, phrase: string, reason: string, labels: { add: string; reason: string; submit: string }): Promise<void> {
  await selectText(clauseEditor(page, clauseId, lang), phrase);
  await page.getByRole('button', { name: labels.add }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(labels.reason).fill(reason);
  await dialog.getByRole('button', { name: labels.submit }).click();
  await expect(dialog).toBeHidden();
}

test('README screenshot of the memo page', async ({ browser }) => {
  const cn = await loginPage(browser, accountOf('signatory', 'cn'));
  const us = await loginPage(browser, accountOf('signatory', 'us'));
  const facilitator = await loginPage(browser, accountOf('facilitator'));
  for (const page of [cn, us, facilitator]) {
    await page.setViewportSize(VIEWPORT);
    await openDemoMemo(page);
  }

  // status-1: both signatories sign the same text; it locks (SO5).
  await clauseRow(cn, 'status-1').getByRole('button', { name: 'Sign clause' }).click();
  await expect(clauseRow(us, 'status-1')).toHaveAttribute('data-status', 'signed_by_some');
  await clauseRow(us, 'status-1').getByRole('button', { name: 'Sign clause' }).click();
  await expect(clauseRow(facilitator, 'status-1')).toHaveAttribute('data-locked', 'true');

  // status-2: the Chinese delegation brackets the same language in both versions.
  const labels = { add: 'Bracket selection', reason: 'Reason', submit: 'Add bracket' };
  const reason = 'Export-control procedures are outside the scope of this dialogue.';
  await bracket(cn, 'status-2', 'en', 'visa and export-control procedures', reason, labels);
  await bracket(cn, 'status-2', 'zh', '签证和出口管制程序', reason, labels);
  await expect(clauseRow(facilitator, 'status-2')).toHaveAttribute('data-status', 'contested');

  // status-3: each signatory's caret, in their own language version.
  await placeCaretIn(clauseEditor(cn, 'status-3', 'zh'), '海洋变暖');
  await placeCaretIn(clauseEditor(us, 'status-3', 'en'), 'warming seas');

  // Frame "Status of relations" under the sticky header, nothing hovered or focused in the photographed window.
  const frame = async (): Promise<void> => {
    await facilitator.mouse.move(2, VIEWPORT.height - 2);
    await facilitator.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await facilitator.evaluate(() => {
      const heading = document.querySelector('[data-section-block="status"]');
      const header = document.querySelector('.memo-header');
      if (!heading) throw new Error('no status section');
      const top = heading.getBoundingClientRect().top + window.scrollY - (header?.getBoundingClientRect().height ?? 0) - 24;
      window.scrollTo(0, top);
    });
    await expect(facilitator.getByRole('status', { name: /Save status|保存状态/ })).toHaveText(/Saved|已保存/);
    // Cells far from the screen show static text (no editor, so no carets): the carets appear once status-3 is near.
    await expect(facilitator.locator('.remote-caret__label', { hasText: accountOf('signatory', 'cn').name })).toBeVisible();
    await expect(facilitator.locator('.remote-caret__label', { hasText: accountOf('signatory', 'us').name })).toBeVisible();
  };

  await frame();
  await facilitator.screenshot({ path: path.join(DOCS, 'screenshot.png') });

  await facilitator.getByRole('combobox', { name: 'Interface language' }).selectOption('zh');
  await expect(facilitator.getByRole('status', { name: '保存状态' })).toHaveText('已保存');
  await frame();
  await facilitator.screenshot({ path: path.join(DOCS, 'screenshot-zh.png') });

  for (const page of [cn, us, facilitator]) await page.context().close();
});
