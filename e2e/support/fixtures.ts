import { expect, test as base, type Browser, type Page } from '@playwright/test';
import { readAccounts, type DemoAccount } from './accordServer';

/** The server started by globalSetup. */
export const serverUrl = (): string => process.env.ACCORD_URL!;
export const accounts = (): DemoAccount[] => readAccounts(process.env.ACCORD_DATA_DIR!);

export function accountOf(role: string, party?: string): DemoAccount {
  const found = accounts().find((a) => a.role === role && (party === undefined || a.party === party));
  if (!found) throw new Error(`no demo account ${role} ${party ?? ''}`);
  return found;
}

/** Opens a fresh browser context (its own cookies = its own person) and logs in through the UI. */
export async function loginPage(browser: Browser, who: DemoAccount): Promise<Page> {
  const context = await browser.newContext({ baseURL: serverUrl() });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel(/email/i).fill(who.email);
  await page.getByLabel(/password/i).fill(who.password);
  await page.getByRole('button', { name: /log in|sign in/i }).click();
  await expect(page.getByText(who.name, { exact: false }).first()).toBeVisible();
  return page;
}

/** Opens the demo memo from the memo list. */
export async function openDemoMemo(page: Page): Promise<void> {
  await page.getByRole('link', { name: /Ocean Science|海洋/ }).first().click();
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved', { timeout: 15_000 });
}

/** The editable area of one language version of a clause. */
export const clauseEditor = (page: Page, clauseId: string, lang: string) => page.getByRole('textbox', { name: `Clause ${clauseId} ${lang}` });

export const test = base;
export { expect };
