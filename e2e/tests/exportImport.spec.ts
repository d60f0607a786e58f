import fs from 'node:fs';
import { accountOf, expect, loginPage, openDemoMemo, serverUrl, test } from '../support/fixtures';

/**
 * Export and import from the interface: the export dialog downloads real
 * files, the print view prints to a PDF whose text is the memo, and an
 * imported file opens as a new memo.
 */

const MEMO_TXT = `中美极地科学合作二轨对话

共识备忘录

2026年3月

序言段落：双方专家以个人身份参加了本次对话，就极地科学合作的现状和前景交换了意见。

达成的原则

- 1、双方同意极地科学研究应当保持开放，研究数据应尽可能共享，以造福全人类。
- 2、双方同意加强科考船只和科研站之间的后勤合作。
`;

const MEMO_EN_TXT = `China–US Track II Dialogue on Polar Science Cooperation

Consensus Memorandum

March 2026

Preamble paragraph: experts from both sides took part in their personal capacities and exchanged views on the state and prospects of polar science cooperation.

Principles agreed

1. Both sides agree that polar research should remain open and that research data should be shared as widely as possible, for the benefit of all.
2. Both sides agree to strengthen logistical cooperation between research vessels and stations.
`;

test.describe('export and import', () => {
  test('export from the memo page downloads a Word file and a Markdown file', async ({ browser }) => {
    const page = await loginPage(browser, accountOf('facilitator'));
    await openDemoMemo(page);
    await page.getByRole('button', { name: 'Export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export memo' });
    await expect(dialog).toBeVisible();

    const [docx] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('link', { name: 'Download' }).click()]);
    expect(docx.suggestedFilename()).toMatch(/-clean-zh-en\.docx$/);
    const docxBytes = fs.readFileSync((await docx.path())!);
    expect(docxBytes.subarray(0, 2).toString('latin1')).toBe('PK');

    await dialog.getByLabel('Markdown (.md)').check();
    await dialog.getByLabel('Languages').selectOption({ label: 'English' });
    await dialog.getByLabel('Text').selectOption('bracketed');
    const [md] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('link', { name: 'Download' }).click()]);
    expect(md.suggestedFilename()).toMatch(/-bracketed-en\.md$/);
    const text = fs.readFileSync((await md.path())!, 'utf8');
    expect(text).toContain('# China–US Track II Dialogue on Ocean Science and Fisheries Cooperation');
    expect(text).toContain('## I. Status of relations');
    await page.context().close();
  });

  test('[SO5] the agreement record opens from the memo page', async ({ browser }) => {
    const page = await loginPage(browser, accountOf('observer'));
    await openDemoMemo(page);
    await page.getByRole('button', { name: 'Agreement record' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record of agreement' });
    await expect(dialog.getByText(/of \d+ clauses agreed/)).toBeVisible();
    await expect(dialog.locator('[data-clause="status-1"]')).toBeVisible();
    // Named by its section heading, read from the live memo.
    await expect(dialog.locator('[data-clause="status-1"] td').first()).toContainText('Status of relations');
    await page.context().close();
  });

  test('the print view prints to a PDF with the memo text and page numbers', async ({ browser }) => {
    const page = await loginPage(browser, accountOf('facilitator'));
    const memos = (await (await page.request.get('/api/memos')).json()) as Array<{ id: string; title: string }>;
    const demo = memos.find((m) => m.title.includes('海洋'))!;
    // format=pdf sends the browser to the print view.
    await page.goto(`/api/memos/${demo.id}/export?format=pdf&languages=en&variant=clean`);
    expect(page.url()).toContain('format=html');
    await expect(page.getByRole('heading', { name: 'Status of relations' })).toBeVisible();
    await expect(page.getByRole('button')).toHaveCount(0); // no editor chrome
    const pdf = await page.pdf({ format: 'A4' });
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
    expect(document.numPages).toBeGreaterThan(1);
    const pages: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const content = await (await document.getPage(n)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '));
    }
    const all = pages.join(' ');
    expect(all).toContain('Consensus Memorandum');
    expect(all).toContain('Ocean cooperation remains one of the more stable areas of the bilateral relationship.');
    expect(pages[0]).toContain(`1 / ${document.numPages}`);
    expect(pages[1]).toContain(`2 / ${document.numPages}`);
    await page.context().close();
  });

  test('[DU3] import from the memo list opens the new memo', async ({ browser }) => {
    const page = await loginPage(browser, accountOf('facilitator'));
    await page.getByLabel('File to import').setInputFiles({ name: '极地备忘录.txt', mimeType: 'text/plain', buffer: Buffer.from(MEMO_TXT, 'utf8') });
    await page.getByLabel('Language of the file').selectOption('zh');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page).toHaveURL(/\/memos\/[a-z0-9]+$/);
    await expect(page.getByRole('heading', { level: 1, name: '中美极地科学合作二轨对话' })).toBeVisible();
    await expect(page.getByText('双方同意加强科考船只和科研站之间的后勤合作。')).toBeVisible();
    await expect(page.getByText('达成的原则')).toBeVisible();
    expect(serverUrl()).toBeTruthy();

    // Pair the English translation, clause by clause, from the memo page.
    await page.getByRole('button', { name: 'Import translation' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a translation' });
    await dialog.getByLabel('File to import').setInputFiles({ name: 'polar.en.txt', mimeType: 'text/plain', buffer: Buffer.from(MEMO_EN_TXT, 'utf8') });
    await dialog.getByLabel('Language of the file').selectOption('en');
    await dialog.getByRole('button', { name: 'Import translation' }).click();
    await expect(dialog.getByText('3 clauses filled in.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByText('Both sides agree to strengthen logistical cooperation between research vessels and stations.')).toBeVisible();
    await page.context().close();
  });

  test('[DU3] an import the importer had to interpret shows what to check, in the reader’s language, before the memo opens', async ({ browser }) => {
    const page = await loginPage(browser, accountOf('facilitator'));
    const irregular = [
      'Joint Statement on Coral Reef Monitoring',
      'Consensus Memorandum',
      'Experts of both sides met in their personal capacities.',
      'Shared findings',
      '1. Both sides observed bleaching at the monitored sites.\n3. Both sides agree to exchange survey protocols.',
    ].join('\n\n');
    await page.getByLabel('File to import').setInputFiles({ name: 'coral.txt', mimeType: 'text/plain', buffer: Buffer.from(irregular, 'utf8') });
    await page.getByLabel('Language of the file').selectOption('en');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByRole('status').filter({ hasText: 'was imported' });
    await expect(report).toContainText('clauses 3');
    await expect(report.getByRole('listitem')).toHaveText(['Section “Shared findings”: the file numbers its clauses 1, 3, not 1, 2, 3…; the memo numbers them by position.']);
    await page.getByRole('button', { name: 'Open the memo' }).click();
    await expect(page).toHaveURL(/\/memos\/[a-z0-9]+$/);
    await expect(page.getByText('Both sides agree to exchange survey protocols.')).toBeVisible();
    await page.context().close();
  });
});
