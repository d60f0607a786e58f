import type { Page } from '@playwright/test';
import { accountOf, clauseRow, expect, holdIncomingSync, loginPage, test } from '../support/fixtures';

/**
 * The interface speaks both delegations' languages (issue 8). A Chinese
 * browser and an English browser work on the demo memo at the same time:
 * each sees its own interface language, both see and edit both language
 * columns, the memo's numbering follows each column's language (not the
 * reader's), and a server error — signing text that has changed (SO2) —
 * reaches each person translated. The language menu switches at any time
 * and the choice follows the account to another browser.
 *
 * The e2e server is shared by the whole run: this file signs (and fails to
 * sign) only principles-fisheries-2, which no other test touches, and puts
 * back every account preference it changes.
 */

const CLAUSE = 'principles-fisheries-2';

/** Opens the demo memo from the list, in whichever interface language the page speaks. */
async function openDemo(page: Page, saved: { label: string; text: string }): Promise<void> {
  await page.getByRole('link', { name: /海洋/ }).first().click();
  await expect(page.getByRole('status', { name: saved.label })).toHaveText(saved.text, { timeout: 15_000 });
}

const ZH_SAVED = { label: '保存状态', text: '已保存' };
const EN_SAVED = { label: 'Save status', text: 'Saved' };

test.describe('interface in Chinese and English on the same memo', () => {
  test('[SO2] each person sees their interface language, both see both columns, and a "text changed" refusal is translated for each', async ({ browser }) => {
    // Two delegations, two refusals and a catch-up each: longer than most tests.
    test.setTimeout(180_000);
    const cn = await loginPage(browser, accountOf('signatory', 'cn'), { locale: 'zh-CN' });
    const us = await loginPage(browser, accountOf('signatory', 'us'), { locale: 'en-US' });

    // The browser's language chose the interface on first visit.
    await expect(cn.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(us.locator('html')).toHaveAttribute('lang', 'en');
    await expect(cn.getByRole('heading', { level: 1 })).toHaveText('备忘录');
    await expect(us.getByRole('heading', { level: 1 })).toHaveText('Memos');
    await expect(cn.getByRole('button', { name: '退出登录' })).toBeVisible();
    await expect(us.getByRole('button', { name: 'Sign out' })).toBeVisible();
    // When the demo memo was created, as a relative time written by Intl in each language.
    await expect(cn.locator('.memo-table time').first()).toHaveText(/^(现在|\d+\s*(秒钟|分钟|小时|天)前|昨天)$/);
    await expect(us.locator('.memo-table time').first()).toHaveText(/^(now|\d+ (seconds?|minutes?|hours?|days?) ago|yesterday)$/);

    const cnSync = await holdIncomingSync(cn);
    const usSync = await holdIncomingSync(us);
    await openDemo(cn, ZH_SAVED);
    await openDemo(us, EN_SAVED);

    // Both language columns, for both people, named in each one's interface language.
    const cnZh = cn.getByRole('textbox', { name: `条款 ${CLAUSE} zh` });
    const cnEn = cn.getByRole('textbox', { name: `条款 ${CLAUSE} en` });
    const usZh = us.getByRole('textbox', { name: `Clause ${CLAUSE} zh` });
    const usEn = us.getByRole('textbox', { name: `Clause ${CLAUSE} en` });
    for (const cell of [cnZh, cnEn, usZh, usEn]) await expect(cell).toBeVisible();
    for (const page of [cn, us]) {
      await expect(page.locator('.column-heading[lang="zh"]')).toHaveText('中文');
      await expect(page.locator('.column-heading[lang="en"]')).toHaveText('English');
    }
    // Interface chrome in each language.
    await expect(cn.getByRole('region', { name: '一致性状态' })).toBeVisible();
    await expect(us.getByRole('region', { name: 'Agreement status' })).toBeVisible();
    await expect(clauseRow(cn, CLAUSE).locator('.clause-status')).toHaveText('草稿');
    await expect(clauseRow(us, CLAUSE).locator('.clause-status')).toHaveText('Draft');

    // Numbering follows the memo's language column, never the reader's interface language.
    for (const page of [cn, us]) {
      await expect(clauseRow(page, CLAUSE).locator('.cell[data-lang="zh"] .cell__marker')).toHaveText('2、');
      await expect(clauseRow(page, CLAUSE).locator('.cell[data-lang="en"] .cell__marker')).toHaveText('2.');
      const principles = page.locator('[data-section-block]', { has: page.locator('.cell[data-lang="en"]', { hasText: 'Principles agreed' }) }).first();
      await expect(principles.locator('.heading-row').first().locator('.cell[data-lang="zh"] .cell__marker')).toHaveText('二、');
      await expect(principles.locator('.heading-row').first().locator('.cell[data-lang="en"] .cell__marker')).toHaveText('II.');
      const fisheries = page.locator('.memo-section--sub', { has: clauseRow(page, CLAUSE) });
      await expect(fisheries.locator('.heading-row .cell[data-lang="zh"] .cell__marker')).toHaveText('（一）');
      await expect(fisheries.locator('.heading-row .cell[data-lang="en"] .cell__marker')).toHaveText('(a)');
    }

    // SO2 for the Chinese signatory: the US side edits while the Chinese window has not heard of it yet.
    cnSync.hold();
    await usEn.click();
    await us.keyboard.press('End');
    await us.keyboard.type(' Reviewed by the US side.');
    await expect(us.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
    await clauseRow(cn, CLAUSE).getByRole('button', { name: '签署条款' }).click();
    await expect(cn.getByRole('alert')).toContainText('在你的签署到达服务器之前，文本已被修改。请阅读当前文本后重新签署。');
    await expect(cn.getByRole('alert')).toContainText('“在渔业与海洋数据领域”第 2 条');
    cnSync.release();
    await expect(cnEn).toContainText('Reviewed by the US side.');

    // And for the US signatory: the Chinese side edits the Chinese version while the US window is held.
    usSync.hold();
    await cnZh.click();
    await cn.keyboard.press('End');
    await cn.keyboard.type('中方已审阅。');
    await expect(cn.getByRole('status', { name: '保存状态' })).toHaveText('已保存');
    await clauseRow(us, CLAUSE).getByRole('button', { name: 'Sign clause' }).click();
    await expect(us.getByRole('alert')).toContainText('The text changed before your sign-off reached the server. Read the current text and sign again.');
    await expect(us.getByRole('alert')).toContainText('Clause 2 of ‘On fisheries and marine data’');
    usSync.release();
    await expect(usZh).toContainText('中方已审阅。');

    // Nobody's sign-off went through.
    for (const page of [cn, us]) {
      await expect(clauseRow(page, CLAUSE)).toHaveAttribute('data-status', 'draft');
    }
    await cn.context().close();
    await us.context().close();
  });

  test('the language menu switches the interface at once and the choice follows the account to another browser', async ({ browser }) => {
    const who = accountOf('drafter', 'cn');
    const page = await loginPage(browser, who, { locale: 'en-US' });
    try {
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Memos');
      await page.getByRole('combobox', { name: 'Interface language' }).selectOption('zh');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('备忘录');
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      await expect.poll(async () => ((await (await page.request.get('/api/me')).json()) as { locale: string | null }).locale).toBe('zh');

      // Another browser, set to English: the account's choice wins once signed in.
      const other = await loginPage(browser, who, { locale: 'en-US' });
      await expect(other.getByRole('heading', { level: 1 })).toHaveText('备忘录');
      await expect(other.locator('html')).toHaveAttribute('lang', 'zh-CN');
      // Inside a memo the menu is there too, now in Chinese; switching back works the same way.
      await openDemo(other, ZH_SAVED);
      await other.getByRole('combobox', { name: '界面语言' }).selectOption('en');
      await expect(other.getByRole('status', { name: 'Save status' })).toHaveText('Saved');
      await expect(other.getByRole('textbox', { name: 'Clause status-2 zh' })).toBeVisible();
      await expect.poll(async () => ((await (await other.request.get('/api/me')).json()) as { locale: string | null }).locale).toBe('en');
      await other.context().close();
    } finally {
      // Leave the shared demo account as the other tests expect it.
      await page.request.put('/api/me/preferences', { data: { locale: 'en' } });
      await page.context().close();
    }
  });
});
