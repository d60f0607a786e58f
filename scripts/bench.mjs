#!/usr/bin/env node
// `pnpm bench`: runs the benchmark suite one after another (figures, not tests; see docs/PERFORMANCE.md).
// `pnpm bench -- --list` prints the benchmarks and their own commands instead.
import { spawnSync } from 'node:child_process';

const BENCHMARKS = [
  ['fan-out, Accord vs stock y-websocket-server', 'pnpm bench:fanout'],
  ['durable ack latency, W = 20', 'pnpm bench:ack -- --writers 20 --seconds 8'],
  ['durable ack latency, W = 100', 'pnpm bench:ack -- --writers 100 --seconds 8'],
  ['big memo: cold load, join bytes, heap, 200 clients', 'pnpm bench:bigmemo'],
  ['big memo in Chromium (needs `pnpm build`)', 'pnpm bench:bigmemo:browser'],
  ['what a keystroke costs, part by part (needs build)', 'pnpm bench:keystroke-variants'],
  ['lock check cost per update', 'pnpm --filter @accord/server bench:lock -- --clauses 1000 --updates 5000'],
];

if (process.argv.includes('--list')) {
  for (const [what, command] of BENCHMARKS) console.log(`${what.padEnd(52)} ${command}`);
  process.exit(0);
}
for (const [what, command] of BENCHMARKS) {
  console.log(`\n=== ${what}\n$ ${command}`);
  const result = spawnSync(command, { shell: true, stdio: 'inherit' });
  if (result.status !== 0) console.log(`(${what} exited with ${result.status})`);
}
