import { expect, test as base, type Browser, type Locator, type Page } from '@playwright/test';
import { readAccounts, type DemoAccount } from './accordServer';

/** The server started by globalSetup. */
export const serverUrl = (): string => process.env.ACCORD_URL!;
export const accounts = (): DemoAccount[] => readAccounts(process.env.ACCORD_DATA_DIR!);

export function accountOf(role: string, party?: string): DemoAccount {
  const found = accounts().find((a) => a.role === role && (party === undefined || a.party === party));
  if (!found) throw new Error(`no demo account ${role} ${party ?? ''}`);
  return found;
}

/**
 * Opens a fresh browser context (its own cookies = its own person) and logs in
 * through the UI. The browser's language decides the interface language
 * (English unless `locale` says otherwise); the other helpers here find
 * elements by their English names.
 */
export async function loginPage(browser: Browser, who: DemoAccount, { locale = 'en-US' }: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: serverUrl(), locale });
  const page = await context.newPage();
  await logIn(page, who);
  return page;
}

/** Logs `who` in through the login form of `page` (for a page whose context a test set up itself). */
export async function logIn(page: Page, who: DemoAccount): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(/email|电子邮箱/i).fill(who.email);
  await page.getByLabel(/password|密码/i).fill(who.password);
  await page.getByRole('button', { name: /log in|sign in|^登录$/i }).click();
  await expect(page.getByText(who.name, { exact: false }).first()).toBeVisible();
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

/** The row of one clause (carries `data-status` and `data-locked`). */
export const clauseRow = (page: Page, clauseId: string) => page.locator(`[data-clause-row="${clauseId}"]`);

/** One party's sign-off badge on a clause (carries `data-signoff-state`). */
export const signOffBadge = (page: Page, clauseId: string, partyId: string) =>
  clauseRow(page, clauseId).locator(`.signoff-badge[data-party="${partyId}"]`);

/** Opens a memo by id and waits until its text is there and saved. */
export async function openMemo(page: Page, memoId: string): Promise<void> {
  await page.goto(`/memos/${memoId}`);
  await expect(page.getByRole('status', { name: 'Save status' })).toHaveText('Saved', { timeout: 15_000 });
}

/**
 * Creates a fresh two-party memo (cn, us) through the API as `owner`'s page
 * (owner = cn signatory) and adds `other` as the us signatory, so a test can
 * work on clauses no other test touches. Returns the memo id and its one clause and section.
 */
export async function createTwoPartyMemo(owner: Page, other: DemoAccount, title: string): Promise<{ memoId: string; clauseId: string; sectionId: string }> {
  const created = await owner.request.post('/api/memos', {
    data: {
      title,
      languages: ['zh', 'en'],
      parties: [
        { id: 'cn', name: { en: 'Chinese delegation', zh: '中方代表团' }, color: '#c0392b' },
        { id: 'us', name: { en: 'US delegation' }, color: '#1f5fa8' },
      ],
      myRole: 'signatory',
      myPartyId: 'cn',
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const added = await owner.request.put(`/api/memos/${id}/members`, { data: { email: other.email, role: 'signatory', partyId: 'us' } });
  expect(added.ok()).toBe(true);
  const detail = (await (await owner.request.get(`/api/memos/${id}`)).json()) as { sections: Array<{ id: string; clauses: Array<{ id: string }> }> };
  return { memoId: id, sectionId: detail.sections[0]!.id, clauseId: detail.sections[0]!.clauses[0]!.id };
}

/** The structure of a memo as `GET /api/memos/:id` gives it, as far as tests read it. */
export interface MemoSections {
  sections: Array<{ id: string; title: Record<string, string>; clauses: Array<{ id: string }> }>;
}

/** Imports a Markdown memo through the API as `page`'s user; returns its id and its sections. */
export async function importMarkdownMemo(page: Page, markdown: string, languages: readonly string[]): Promise<{ memoId: string } & MemoSections> {
  const imported = await page.request.post('/api/memos/import', {
    multipart: {
      file: { name: 'memo.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown, 'utf8') },
      language: languages[0]!,
      languages: languages.join(','),
    },
  });
  expect(imported.status()).toBe(201);
  const { id } = (await imported.json()) as { id: string };
  const detail = (await (await page.request.get(`/api/memos/${id}`)).json()) as MemoSections;
  return { memoId: id, sections: detail.sections };
}

/** Selects `text` inside an editor the way a person would with the mouse (a DOM selection ProseMirror picks up). */
export async function selectText(editor: Locator, text: string): Promise<void> {
  await editor.click();
  // The cell becomes an editor on focus; select only once ProseMirror owns the element.
  await expect(editor).toHaveAttribute('contenteditable', 'true');
  await editor.evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const at = node.data.indexOf(wanted);
      if (at < 0) continue;
      window.getSelection()!.setBaseAndExtent(node, at, node, at + wanted.length);
      return;
    }
    throw new Error(`"${wanted}" is not in the editor`);
  }, text);
}

/** Puts the caret inside `text` in an editor. */
export async function placeCaretIn(editor: Locator, text: string): Promise<void> {
  await editor.click();
  await expect(editor).toHaveAttribute('contenteditable', 'true');
  await editor.evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const at = node.data.indexOf(wanted);
      if (at < 0) continue;
      window.getSelection()!.collapse(node, at + Math.floor(wanted.length / 2));
      return;
    }
    throw new Error(`"${wanted}" is not in the editor`);
  }, text);
}

/**
 * Holds back everything the sync server sends to one page while `held` is
 * set, and delivers it in order on `release` — a window that has not yet
 * received the other side's edits (or lock), without any sleep. Install
 * before the page opens the memo.
 */
export async function holdIncomingSync(page: Page): Promise<{ hold(): void; release(): void }> {
  let held = false;
  const queues: Array<{ queue: Array<string | Buffer>; deliver: (m: string | Buffer) => void }> = [];
  await page.routeWebSocket(/\/sync\//, (ws) => {
    const server = ws.connectToServer();
    const entry = { queue: [] as Array<string | Buffer>, deliver: (m: string | Buffer) => ws.send(m) };
    queues.push(entry);
    server.onMessage((message) => {
      if (held) entry.queue.push(message);
      else ws.send(message);
    });
  });
  return {
    hold: () => {
      held = true;
    },
    release: () => {
      held = false;
      for (const entry of queues) for (const message of entry.queue.splice(0)) entry.deliver(message);
    },
  };
}

/** A cell's text as a reader sees it: remote carets (and their name labels) left out. */
export function cellText(editor: Locator): Promise<string> {
  return editor.evaluate((element) => {
    const copy = element.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.remote-caret').forEach((caret) => caret.remove());
    return copy.textContent ?? '';
  });
}

/** Waits until a cell reads exactly `text` (carets aside). */
export async function expectCellText(editor: Locator, text: string): Promise<void> {
  await expect.poll(() => cellText(editor), { message: `cell text of ${editor.toString()}` }).toBe(text);
}
