import type { Page } from '@playwright/test';
import { accountOf, clauseEditor, clauseRow, expect, loginPage, openDemoMemo, test } from '../support/fixtures';

/**
 * Revision history (HI1, HI2) in two browsers: the Chinese (A) and US (B)
 * signatories edit and sign; A opens the history, compares the first and the
 * last revision, sees B's insertion in the US delegation's colour, and
 * restores the edited (unlocked) clause — which B then sees live. Uses demo
 * clauses no other spec touches.
 */
const EDITED = 'recommendations-3';
const SIGNED = 'recommendations-1';
const US_COLOR = 'rgb(31, 95, 168)'; // #1f5fa8, the demo US delegation

const saved = (page: Page) => expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved');

async function typeAtEnd(page: Page, clauseId: string, text: string): Promise<void> {
  const editor = clauseEditor(page, clauseId, 'en');
  await editor.click();
  await expect(editor).toHaveAttribute('contenteditable', 'true');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
  await saved(page);
}

test('[HI1][HI2] two parties edit and sign; history compares first and last in party colours; an unlocked clause is restored', async ({ browser }) => {
  test.setTimeout(120_000);
  const a = await loginPage(browser, accountOf('signatory', 'cn'));
  const b = await loginPage(browser, accountOf('signatory', 'us'));
  await openDemoMemo(a);
  await openDemoMemo(b);
  const original = (await clauseEditor(b, EDITED, 'en').textContent()) ?? '';

  await typeAtEnd(a, EDITED, ' CNADDED');
  await expect(clauseEditor(b, EDITED, 'en')).toContainText('CNADDED');
  await typeAtEnd(b, EDITED, ' USINSERT');
  await expect(clauseEditor(a, EDITED, 'en')).toContainText('USINSERT');

  // Both sign another clause: it locks.
  await clauseRow(a, SIGNED).getByRole('button', { name: 'Sign clause' }).click();
  await expect(clauseRow(b, SIGNED).locator('.signoff-badge[data-party="cn"]')).toBeVisible();
  await clauseRow(b, SIGNED).getByRole('button', { name: 'Sign clause' }).click();
  await expect(clauseRow(a, SIGNED)).toHaveAttribute('data-locked', 'true');

  // A opens the history: the timeline lists B's revision and the lock.
  await a.getByRole('link', { name: 'History' }).click();
  const timeline = a.getByRole('navigation', { name: 'Revisions' });
  await expect(timeline.getByRole('button').first()).toBeVisible();
  await expect(timeline).toContainText('Agreed and locked');
  await expect(timeline).toContainText(accountOf('signatory', 'us').name);

  // The slider shows the memo read-only as it was at the oldest revision: no edits yet.
  const slider = a.getByRole('slider', { name: 'Revision' });
  await slider.focus();
  await a.keyboard.press('Home');
  await expect(a.locator(`.history-clause[data-clause-id="${EDITED}"]`)).not.toContainText('USINSERT');
  await a.keyboard.press('End');
  await expect(a.locator(`.history-clause[data-clause-id="${EDITED}"]`)).toContainText('USINSERT');
  await expect(a.locator(`.history-clause[data-clause-id="${SIGNED}"]`).getByRole('button', { name: 'Restore this text' })).toHaveCount(0);

  // Compare the first and the last revision.
  await a.getByRole('tab', { name: 'Compare two revisions' }).click();
  await a.getByRole('button', { name: 'First and last' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'newly agreed' })).toContainText(/\d+ clauses? changed, [1-9]\d* newly agreed/);
  const edited = a.locator(`.history-clause[data-clause-id="${EDITED}"]`);
  const usInsert = edited.locator('[data-lang="en"] ins.history-ins[data-party="us"]');
  await expect(usInsert.filter({ hasText: 'USINSERT' })).toHaveCount(1);
  expect(await usInsert.filter({ hasText: 'USINSERT' }).evaluate((el) => getComputedStyle(el).borderBottomColor)).toBe(US_COLOR);
  await expect(usInsert.filter({ hasText: 'USINSERT' })).toHaveAttribute('title', `Inserted by ${accountOf('signatory', 'us').name}`);
  await expect(edited.locator('[data-lang="en"] ins.history-ins[data-party="cn"]').filter({ hasText: 'CNADDED' })).toHaveCount(1);

  // Restore the edited (unlocked) clause to the first revision: a new change on top, seen live by B.
  await edited.getByRole('button', { name: /Restore to revision/ }).click();
  const dialog = a.getByRole('dialog');
  await dialog.getByRole('button', { name: /Restore to revision/ }).click();
  await expect(a.getByText(/Restored 1 clause/)).toBeVisible();
  await expect(clauseEditor(b, EDITED, 'en')).not.toContainText('USINSERT');
  await expect(clauseEditor(b, EDITED, 'en')).toHaveText(original);
  // The timeline now starts with the restore, by A.
  await a.getByRole('tab', { name: 'View a revision' }).click();
  await expect(timeline.getByRole('button').first()).toContainText('Restored');
  await expect(timeline.getByRole('button').first()).toContainText(accountOf('signatory', 'cn').name);
  await a.context().close();
  await b.context().close();
});

test('[HI1] the history page speaks the reader’s interface language (Chinese) and numbers each memo language in its own style', async ({ browser }) => {
  const page = await loginPage(browser, accountOf('observer'), { locale: 'zh-CN' });
  await page.getByRole('link', { name: /海洋/ }).first().click();
  await page.getByRole('link', { name: '修订历史' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('修订历史');
  const timeline = page.getByRole('navigation', { name: '修订记录' });
  const newest = timeline.getByRole('button').first();
  await expect(newest).toContainText(/修订 \d+/);
  await expect(newest).toContainText(/创建备忘录|编辑|签署或状态变更|达成一致并锁定|重新开放|恢复|导入|命名版本/);
  // Labels the server recorded in English on a lock or restore (the first test made both) are not shown as text.
  await expect(timeline).toContainText('达成一致并锁定');
  await expect(timeline).not.toContainText(/restored to revision|Clause \S+ agreed/);
  await expect(page.getByRole('slider', { name: '修订' })).toBeVisible();
  // Section and clause numbers: 一、 / 1、 in the Chinese column, I. / 1. in the English one — whatever the interface language.
  await expect(page.locator('.history-section__titles h3[lang="zh"]').filter({ hasText: '双边关系现状' })).toHaveText('一、双边关系现状');
  await expect(page.locator('.history-section__titles h3[lang="en"]').filter({ hasText: 'Status of relations' })).toHaveText('I. Status of relations');
  const clause = page.locator('.history-clause[data-clause-id="status-1"]');
  await expect(clause.locator('.history-clause__number')).toHaveText('第 1 条');
  await expect(clause.locator('.history-marked[lang="zh"] .history-marker')).toHaveText('1、');
  await expect(clause.locator('.history-marked[lang="en"] .history-marker')).toHaveText('1.');
  // The clause history panel: translated, with no catalogue key showing through.
  await clause.getByRole('button', { name: '条款历史' }).click();
  const panel = page.getByRole('complementary', { name: '第 1 条的历史' });
  await expect(panel).toBeVisible();
  await page.getByRole('tab', { name: '比较两个修订' }).click();
  await expect(page.getByRole('status').filter({ hasText: '有修改的条款' })).toContainText(/有修改的条款 \d+ 条，新达成一致 \d+ 条/);
  expect(await page.locator('body').innerText()).not.toMatch(/\bhistory\.[a-zA-Z]+/);
  await page.context().close();
});
