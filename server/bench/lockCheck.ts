/**
 * Cost of the lock check per typing update (issue 3): a memo of 1,000 clauses
 * in two languages with a quarter of them locked; a client types one character
 * at a time into unlocked clauses. We time inspectUpdate + checkLayout +
 * lockCheck — everything the server does for locks before applying — per update.
 *
 *   pnpm --filter @accord/server bench:lock [-- --clauses 1000 --updates 5000]
 */
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import type { ClauseId, LanguageCode } from '@accord/shared/ids';
import { readOutline } from '@accord/shared/memo/ydocLayout';
import { getClauseText } from '@accord/shared/memo/ydocLayout';
import { lockCheck } from '../src/locks/lockCheck';
import { writeMemoSeed } from '../src/memo/seedMemo';
import { checkLayout } from '../src/sync/checkLayout';
import { inspectUpdate } from '../src/sync/inspectUpdate';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { clauses: { type: 'string', default: '1000' }, updates: { type: 'string', default: '5000' } },
});
const N = Number(values.clauses);
const U = Number(values.updates);
const languages = ['zh', 'en'] as LanguageCode[];

const server = new Y.Doc();
const sections = Array.from({ length: N / 10 }, (_, s) => ({
  id: `s${s}`,
  title: { zh: `第${s}节`, en: `Section ${s}` },
  clauses: Array.from({ length: 10 }, (_, c) => ({ id: `c${s * 10 + c}`, text: { zh: '双方同意加强合作。'.repeat(4), en: 'Both sides agree to strengthen cooperation. '.repeat(4) } })),
}));
writeMemoSeed(server, { titleBlock: { zh: '备忘录', en: 'Memo' }, sections }, languages);
const locked = new Set<string>(Array.from({ length: N }, (_, i) => `c${i}`).filter((_, i) => i % 4 === 0));
const client = new Y.Doc();
Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
const updates: Uint8Array[] = [];
client.on('update', (u: Uint8Array) => updates.push(u));

const timings: number[] = [];
for (let i = 0; i < U; i++) {
  const clause = `c${(1 + i * 7) % N}` as ClauseId;
  if (locked.has(clause)) continue;
  const t = (getClauseText(client, clause, i % 2 ? 'en' : 'zh').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  t.insert(Math.floor(t.length / 2), 'x');
  const update = updates.pop()!;
  const start = process.hrtime.bigint();
  const inspection = inspectUpdate(server, update);
  checkLayout(inspection, languages);
  const outlineBefore = inspection.deletedRoots.has('outline') || inspection.items.some((x) => x.root === 'outline') ? readOutline(server) : [];
  const v = lockCheck(inspection, locked, outlineBefore);
  timings.push(Number(process.hrtime.bigint() - start) / 1000);
  if (v.clauses.size || v.outline.size) throw new Error('false refusal');
  Y.applyUpdate(server, update);
}
timings.sort((a, b) => a - b);
const q = (p: number): string => timings[Math.min(timings.length - 1, Math.floor(p * timings.length))]!.toFixed(1);
console.log(JSON.stringify({ clauses: N, lockedClauses: locked.size, updates: timings.length, p50us: q(0.5), p99us: q(0.99), maxus: q(1) }));
