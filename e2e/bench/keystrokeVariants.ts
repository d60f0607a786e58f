/**
 * What parts of the memo page cost a keystroke (not part of the e2e run): the real server on a
 * big-memo data folder, one Chromium page typing into the middle clause, and page variants
 * switched on and off between blocks of keys — each variant a pair of scripts run in the page
 * (`on` changes the page, e.g. adds a style or hides the rows far from the screen; `off` undoes
 * it). The blocks alternate, in reverse order every other round, so the drift of a shared
 * machine falls on every variant alike; one run compares them as well as several runs of
 * `bench:bigmemo:browser` with different builds. Keystroke → paint is measured as there
 * (`support/keystrokeProbe`).
 *
 *   pnpm bench:keystroke-variants [-- --data <folder kept by bench:bigmemo --keep>] [--variants e2e/bench/variants/clause-rows.json] [--rounds 10] [--keys 30]
 *
 * The variants file is a JSON list of `{ "name", "on", "off" }`; the first is the baseline
 * (`"on": "0", "off": "0"` changes nothing). Without `--data` it first generates a memo as
 * `bench:bigmemo:browser` does. The typed text accumulates in the clause across the blocks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startAccordServer } from '../support/accordServer';
import { bigMemoData } from './support/bigMemoData';
import { editableCell, keyLatencies, launchBenchBrowser, openBenchPage, quantile, typeAtEndOf } from './support/keystrokeProbe';

/** One page variant: scripts evaluated in the page to switch it on and off. */
interface Variant {
  name: string;
  on: string;
  off: string;
}

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    data: { type: 'string' },
    variants: { type: 'string', default: path.join(import.meta.dirname, 'variants', 'clause-rows.json') },
    rounds: { type: 'string', default: '10' },
    keys: { type: 'string', default: '30' },
  },
});
const { dataDir, big, drafter: who } = bigMemoData(values.data);
const variants = JSON.parse(fs.readFileSync(values.variants!, 'utf8')) as Variant[];
const perBlock = Number(values.keys);
// Words, not one long word: spaces are typed too.
const block = 'the parties agree to keep talking '.repeat(Math.ceil(perBlock / 34)).slice(0, perBlock);

const server = await startAccordServer(dataDir);
const browser = await launchBenchBrowser();
try {
  const { page } = await openBenchPage(browser, server.url, who);
  const lang = big.languages[0]!;
  const editable = (clauseId: string): string => editableCell(clauseId, lang);
  await page.goto(`/memos/${big.memoId}`);
  await page.waitForSelector(editable(big.clauseIds[0]!), { timeout: 60_000 });
  await typeAtEndOf(page, big.clauseIds[Math.floor(big.clauseIds.length / 2)]!, lang);
  // The typing path's code warms up before anything is counted.
  await page.keyboard.type(block.slice(0, 10), { delay: 60 });

  const latencies = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const variant of round % 2 ? [...variants].reverse() : variants) {
      await page.evaluate(variant.on);
      await page.waitForTimeout(300);
      await keyLatencies(page, { clear: true });
      await page.keyboard.type(block, { delay: 60 });
      await page.waitForTimeout(200);
      latencies.get(variant.name)!.push(...(await keyLatencies(page, { clear: true })));
      await page.evaluate(variant.off);
    }
  }
  for (const [name, list] of latencies) {
    const mean = list.reduce((sum, v) => sum + v, 0) / list.length;
    console.log(
      JSON.stringify({
        variant: name,
        keystrokes: list.length,
        keyToPaintP50ms: quantile(list, 0.5).toFixed(1),
        keyToPaintP95ms: quantile(list, 0.95).toFixed(1),
        keyToPaintMeanMs: mean.toFixed(2),
      }),
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
