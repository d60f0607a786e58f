/**
 * Big memo in the browser (not part of the e2e run): the real server on a
 * data folder holding a generated memo of 1,000 clauses × 2 languages with
 * 100,000 stored updates, driven in Chromium (/usr/bin/chromium). Measures
 *
 * - navigation → first clause editable (its Tiptap editor mounted: contenteditable=true),
 *   from the page's own navigation start (performance.now() in the page once Playwright's
 *   waitForSelector has seen it: `firstEditableMs`; and the moment the page itself saw it:
 *   `firstEditableInPageMs`, see below);
 * - keystroke → paint while typing into a clause in the middle of the memo:
 *   in the page, from each keydown's timestamp to the first task after the
 *   next animation frame (i.e. after the frame showing the character was painted);
 * - with `--scroll`, scrolling through the memo with the mouse wheel from its top, at
 *   reading speed (100 px a turn, asked for every 50 ms) and as a fast fling (400 px a
 *   turn, every 16 ms; each turn is a round trip to the browser, so the period they
 *   really came at is printed too): the intervals between animation frames
 *   (p50/p95/max, how many over 50 ms) and the browser's long animation frames
 *   (≥ 50 ms: count and total).
 *
 *   pnpm bench:bigmemo:browser [-- --data <folder kept by bench:bigmemo --keep>] [--keys 80] [--all] [--bare] [--scroll]
 *
 * `--demo-memo` types the same way into a clause of the 14-clause demo memo
 * (same server, same client, same measurement) instead of the big memo: the
 * cost of a keystroke that does not depend on the memo's size.
 *
 * Without `--data` it first runs `pnpm --filter @accord/server bench:bigmemo -- --clients 0 --loads 1 --keep`.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startAccordServer } from '../support/accordServer';
import { bigMemoData } from './support/bigMemoData';
import { editableCell, launchBenchBrowser, MEASURE_KEYS, openBenchPage, quantile, typeAtEndOf } from './support/keystrokeProbe';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    data: { type: 'string' },
    keys: { type: 'string', default: '80' },
    runs: { type: 'string', default: '3' },
    /** Write a Chrome DevTools CPU profile of the typing phase to this file. */
    profile: { type: 'string' },
    /** Write Chrome performance traces (DevTools "Performance" panel format): the last navigation to this file, the typing phase next to it (`….typing.json`), and with `--bare` the bare typing (`….bare.json`). */
    trace: { type: 'string' },
    /** Trace categories for the typing trace instead of Playwright's default set, e.g. `blink,cc,devtools.timeline,toplevel,v8.execute` to see inside the editing command and the frame. */
    'trace-categories': { type: 'string' },
    /** Type into the small demo memo instead (for comparison); the navigations still open the big memo. */
    'demo-memo': { type: 'boolean', default: false },
    /** Also print every keystroke's latency, in typing order (to tell a warm-up or a periodic stall from noise). */
    all: { type: 'boolean', default: false },
    /** Afterwards, type the same keys the same way into a plain contenteditable on a blank page: this browser's floor on this machine. */
    bare: { type: 'boolean', default: false },
    /** After the navigations, scroll through the memo at reading speed and as a fast fling, and report the frames. */
    scroll: { type: 'boolean', default: false },
  },
});
const { dataDir, big, drafter: who } = bigMemoData(values.data, { echo: true });

const server = await startAccordServer(dataDir);
const browser = await launchBenchBrowser();

/**
 * Frame intervals while scrolling: every animation frame's distance from the previous one, and
 * the browser's long animation frames (Long Animation Frames API). A plain script, like MEASURE_KEYS.
 */
const WATCH_FRAMES = `(() => {
  window.frameGaps = [];
  window.longFrames = [];
  let last = performance.now();
  const tick = (now) => { window.frameGaps.push(now - last); last = now; if (!window.stopFrames) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) window.longFrames.push(entry.duration); }).observe({ type: 'long-animation-frame' });
})()`;
/** What the script prints of one typing run's keystroke latencies (every one of them with `--all`). */
/** Options of a typing trace: next to `--trace`'s file as `….<name>.json`, with `--trace-categories` if given. */
const typingTrace = (name: string) => ({
  path: values.trace!.replace(/(\.json)?$/, `.${name}.json`),
  screenshots: false,
  ...(values['trace-categories'] ? { categories: values['trace-categories'].split(',') } : {}),
});

const keyFigures = (latencies: number[]) => ({
  keystrokes: latencies.length,
  keyToPaintP50ms: quantile(latencies, 0.5).toFixed(1),
  keyToPaintP95ms: quantile(latencies, 0.95).toFixed(1),
  keyToPaintMaxMs: quantile(latencies, 1).toFixed(1),
  keyToPaintAllMs: values.all ? latencies.map((v) => Math.round(v)) : undefined,
});
try {
  const { context, page } = await openBenchPage(browser, server.url, who);

  const lang = big.languages[0]!;
  const editable = (clauseId: string): string => editableCell(clauseId, lang);
  // Besides the figure above, the page notes the moment the first clause's editor appears itself (a
  // MutationObserver): Playwright's waitForSelector polls with a back-off (0, 20, 50, 100, 100, then
  // every 500 ms), so the figure above can lag the real moment by up to half a second. A plain
  // script, not a function: the bundler would add helpers the page does not have.
  await context.addInitScript({
    content: `(() => {
      const selector = ${JSON.stringify(editable(big.clauseIds[0]!))};
      const observer = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        window.__firstEditableAt = performance.now();
        observer.disconnect();
      });
      observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['contenteditable'] });
    })();`,
  });
  const firstEditable: number[] = [];
  const firstEditableInPage: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const tracing = values.trace && run === Number(values.runs) - 1;
    if (tracing) await browser.startTracing(page, { path: values.trace, screenshots: false });
    await page.goto(`/memos/${big.memoId}`);
    await page.waitForSelector(editable(big.clauseIds[0]!), { timeout: 60_000 });
    firstEditable.push(await page.evaluate(() => performance.now()));
    firstEditableInPage.push(await page.evaluate(() => (window as unknown as { __firstEditableAt: number }).__firstEditableAt));
    if (tracing) await browser.stopTracing();
  }

  if (values.scroll) {
    // From the top of a freshly opened memo, the wheel over the text: a reading pace, then a fling.
    for (const [speed, stepPx, everyMs, steps] of [['reading', 100, 50, 100], ['fling', 400, 16, 150]] as const) {
      await page.goto(`/memos/${big.memoId}`);
      await page.waitForSelector(editable(big.clauseIds[0]!), { timeout: 60_000 });
      await page.waitForTimeout(1000);
      await page.mouse.move(700, 500);
      await page.evaluate(WATCH_FRAMES);
      const scrollStart = performance.now();
      for (let step = 0; step < steps; step++) {
        await page.mouse.wheel(0, stepPx);
        await page.waitForTimeout(everyMs);
      }
      // Each wheel turn is a round trip to the browser: the turns come further apart than asked.
      const stepEveryMs = (performance.now() - scrollStart) / steps;
      await page.waitForTimeout(1000);
      const seen = (await page.evaluate('({ gaps: window.frameGaps, long: window.longFrames, y: window.scrollY, stop: (window.stopFrames = true) })')) as { gaps: number[]; long: number[]; y: number };
      const gaps = seen.gaps.slice(1);
      console.log(
        JSON.stringify({
          scroll: speed,
          scrolledPx: Math.round(seen.y),
          wheelTurnEveryMs: stepEveryMs.toFixed(1),
          frames: gaps.length,
          frameP50ms: quantile(gaps, 0.5).toFixed(1),
          frameP95ms: quantile(gaps, 0.95).toFixed(1),
          frameMaxMs: quantile(gaps, 1).toFixed(1),
          framesOver50ms: gaps.filter((gap) => gap > 50).length,
          longAnimationFrames: seen.long.length,
          longAnimationFramesMs: Math.round(seen.long.reduce((sum, ms) => sum + ms, 0)),
        }),
      );
    }
  }

  // Type into the middle clause (or, with --demo-memo, into a clause in the middle of the demo memo).
  let middle = big.clauseIds[Math.floor(big.clauseIds.length / 2)]!;
  if (values['demo-memo']) {
    await page.goto('/');
    await page.getByRole('link', { name: /Ocean Science|海洋/ }).first().click();
    middle = 'principles-fisheries-1';
  }
  await typeAtEndOf(page, middle, lang);
  const typed = 'abcdefghijklmnopqrstuvwxyz'.repeat(10).slice(0, Number(values.keys));
  const cdp = values.profile ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  if (values.trace) await browser.startTracing(page, typingTrace('typing'));
  await page.keyboard.type(typed, { delay: 60 });
  if (values.trace) await browser.stopTracing();
  if (cdp) fs.writeFileSync(values.profile!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  await page.waitForTimeout(500);
  const latencies = await page.evaluate(() => (window as unknown as { keyLatencies: number[] }).keyLatencies);
  const text = (await page.locator(editable(middle)).textContent()) ?? '';
  // How much of the memo the page holds while typing: what every frame's style, layout, paint and visibility checks walk.
  const dom = await page.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    wholeRows: document.querySelectorAll('.clause-row:not(.clause-row--placeholder)').length,
    placeholderRows: document.querySelectorAll('.clause-row--placeholder').length,
    editors: document.querySelectorAll('.ProseMirror').length,
  }));
  if (!text.includes(typed.slice(-10))) throw new Error('the typed text did not arrive in the clause');
  await page.getByRole('status', { name: 'Save status' }).filter({ hasText: 'Saved' }).waitFor({ timeout: 30_000 });
  console.log(
    JSON.stringify({
      memo: values['demo-memo'] ? 'demo memo (typing only)' : { clauses: big.clauseIds.length, languages: big.languages.length },
      firstEditableMs: firstEditable.map((v) => Math.round(v)),
      firstEditableInPageMs: firstEditableInPage.map((v) => Math.round(v)),
      ...keyFigures(latencies),
      dom,
    }),
  );
  if (values.bare) {
    // The same keys, the same measurement, into a bare contenteditable with the memo's text styles.
    const bare = await context.newPage();
    await bare.setContent(
      `<div contenteditable="true" style="width: 34rem; padding: 0.3rem 0.5rem; font: 1.0625rem/1.75 Georgia, serif; white-space: pre-wrap">Both sides note the item in the middle of the memo and agree to keep talking about it.</div>`,
    );
    await bare.click('[contenteditable]');
    await bare.keyboard.press('End');
    await bare.evaluate(MEASURE_KEYS);
    if (values.trace) await browser.startTracing(bare, typingTrace('bare'));
    await bare.keyboard.type(typed, { delay: 60 });
    if (values.trace) await browser.stopTracing();
    await bare.waitForTimeout(300);
    const floor = await bare.evaluate(() => (window as unknown as { keyLatencies: number[] }).keyLatencies);
    console.log(
      JSON.stringify({
        memo: 'bare contenteditable on a blank page (this browser’s floor)',
        ...keyFigures(floor),
      }),
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
