import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { DemoAccount } from '../../support/accordServer';
import { logIn } from '../../support/fixtures';

/**
 * Keystroke → paint, in the page: from each keydown's timestamp to the first task after the next
 * animation frame (the frame that shows the character). Installed with `page.evaluate`; the page
 * collects the figures in `window.keyLatencies`. A plain script, not a function: the bundler would
 * add helpers the page does not have.
 */
export const MEASURE_KEYS = `(() => {
  window.keyLatencies = [];
  document.addEventListener('keydown', (event) => {
    const start = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.keyLatencies.push(performance.now() - start);
      channel.port2.postMessage(null);
    });
  }, true);
})()`;

/**
 * Puts the caret at the end of one language cell of a clause — scrolled to, clicked until its
 * editor is mounted — and installs {@link MEASURE_KEYS}: the page is ready for measured typing.
 */
export async function typeAtEndOf(page: Page, clauseId: string, lang: string): Promise<void> {
  const cell = page.locator(`[aria-label="Clause ${clauseId} ${lang}"]`);
  await cell.scrollIntoViewIfNeeded();
  await cell.click();
  const editor = page.locator(editableCell(clauseId, lang));
  await editor.waitFor({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('End');
  await page.evaluate(MEASURE_KEYS);
}

/** The latencies collected since {@link MEASURE_KEYS} was installed (or since they were last cleared). */
export async function keyLatencies(page: Page, { clear = false } = {}): Promise<number[]> {
  return (await page.evaluate(clear ? 'window.keyLatencies.splice(0)' : 'window.keyLatencies.slice()')) as number[];
}

/** The p-quantile of a list (nearest rank below; NaN for an empty list). */
export const quantile = (list: number[], p: number): number => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(p * list.length))] ?? NaN;

/** The selector of one language cell of a clause once its editor is mounted (contenteditable). */
export const editableCell = (clauseId: string, lang: string): string => `[aria-label="Clause ${clauseId} ${lang}"][contenteditable="true"]`;

/** A page of the benchmarks' window size on the given server, logged in as `who`. */
export async function openBenchPage(browser: Browser, baseURL: string, who: DemoAccount): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await logIn(page, who);
  return { context, page };
}

/** Debian's Chromium as the browser benchmarks drive it: no sandbox, no GPU, nothing running in the background. */
export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
