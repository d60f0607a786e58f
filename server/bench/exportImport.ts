/**
 * Cost of export and import (issue 7) on a large memo: 1,000 clauses in two
 * languages (100 sections, some clauses bracketed). Timed: building the
 * snapshot and the record of agreement from the Y.Doc, rendering Markdown,
 * DOCX (side by side, bracketed; on the main thread and in the worker the
 * server uses for large memos) and the print view, and importing the
 * Markdown and DOCX back (parse + structure). Median of `--runs` runs.
 *
 *   pnpm --filter @accord/server bench:export [-- --clauses 1000 --runs 5]
 */
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import type { LanguageCode, MemoId, PartyId } from '@accord/shared/ids';
import { getClauseText } from '@accord/shared/memo/ydocLayout';
import { buildRecordOfAgreement, type RecordMemo } from '../src/export/buildRecordOfAgreement';
import { docxExport } from '../src/export/docxExport';
import { markdownExport } from '../src/export/markdownExport';
import { buildMemoSnapshot } from '../src/export/memoSnapshot';
import { printHtmlExport } from '../src/export/printHtmlExport';
import { renderDocx } from '../src/export/renderDocxOffThread';
import { buildImportedMemo } from '../src/import/buildImportedMemo';
import { parseSource } from '../src/import/parseSource';
import { writeMemoSeed } from '../src/memo/seedMemo';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { clauses: { type: 'string', default: '1000' }, runs: { type: 'string', default: '5' } },
});
const N = Number(values.clauses);
const RUNS = Number(values.runs);
const languages = ['zh', 'en'] as LanguageCode[];
const memo: RecordMemo = {
  id: 'bench' as MemoId,
  title: 'Bench',
  languages,
  parties: [
    { id: 'cn' as PartyId, name: { en: 'Chinese delegation', zh: '中方代表团' }, color: '#c0392b' },
    { id: 'us' as PartyId, name: { en: 'US delegation' }, color: '#1f5fa8' },
  ],
};

const doc = new Y.Doc();
const sections = Array.from({ length: N / 10 }, (_, s) => ({
  id: `s${s}`,
  title: { zh: `第${s + 1}节`, en: `Section ${s + 1}` },
  clauses: Array.from({ length: 10 }, (_, c) => ({
    id: `c${s * 10 + c}`,
    text: { zh: '**双方同意加强合作。**' + '两国应当在尊重各自国情的基础上开展合作。'.repeat(4), en: '**Both sides agree to strengthen cooperation.** ' + 'The two countries should cooperate with respect for each other. '.repeat(4) },
  })),
}));
writeMemoSeed(doc, { titleBlock: { zh: '备忘录\n\n共识', en: 'Memo\n\nConsensus' }, sections }, languages);
for (let i = 0; i < N; i += 7) {
  const text = (getClauseText(doc, `c${i}`, 'en').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  text.format(10, 20, { 'bracket--b': { party: 'us', reason: 'too broad' } });
}

async function time(label: string, work: () => unknown): Promise<void> {
  const samples: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} median ${samples[Math.floor(samples.length / 2)]!.toFixed(1)} ms   max ${samples[samples.length - 1]!.toFixed(1)} ms`);
}

const snapshot = buildMemoSnapshot(doc, memo);
const md = markdownExport(snapshot, { variant: 'clean', languages: ['en'] as LanguageCode[] });
const docxOne = await docxExport(snapshot, { variant: 'clean', languages: ['en'] as LanguageCode[] });
console.log(`memo: ${N} clauses × ${languages.length} languages; Markdown ${(md.length / 1024).toFixed(0)} KiB, DOCX ${(docxOne.length / 1024).toFixed(0)} KiB; ${RUNS} runs`);
await time('snapshot (Y.Doc → model, hashes)', () => buildMemoSnapshot(doc, memo));
await time('record of agreement', () => buildRecordOfAgreement(doc, memo));
await time('Markdown, bracketed, both languages', () => markdownExport(snapshot, { variant: 'bracketed', languages }));
await time('DOCX, bracketed, side by side + annex', () => docxExport(snapshot, { variant: 'bracketed', languages }, { record: buildRecordOfAgreement(doc, memo) }));
await time('  the same in a worker thread (wall time)', () => renderDocx(snapshot, { variant: 'bracketed', languages }, { record: buildRecordOfAgreement(doc, memo) }, 0));
await time('DOCX, clean, one language', () => docxExport(snapshot, { variant: 'clean', languages: ['en'] as LanguageCode[] }));
await time('print view HTML, side by side', () => printHtmlExport(snapshot, { variant: 'clean', languages }));
await time('import Markdown (parse + structure)', async () => buildImportedMemo(await parseSource({ bytes: new TextEncoder().encode(md), name: 'bench.md' })));
await time('import DOCX (unzip + parse + structure)', async () => buildImportedMemo(await parseSource({ bytes: docxOne, name: 'bench.docx' })));
