import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readAccounts, type DemoAccount } from '../../support/accordServer';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** A data folder holding the generated 1,000-clause memo, and what the browser benchmarks need of it. */
export interface BigMemoData {
  dataDir: string;
  big: { memoId: string; clauseIds: string[]; languages: string[] };
  /** The drafter who types in the benchmarks. */
  drafter: DemoAccount;
}

/**
 * The browser benchmarks' memo: the folder given (kept by `bench:bigmemo --keep`), or one
 * generated now the same way. Also checks that the client is built, since the server serves
 * `client/dist`.
 */
export function bigMemoData(dataDir: string | undefined, { echo = false } = {}): BigMemoData {
  if (!fs.existsSync(path.join(ROOT, 'client', 'dist', 'index.html'))) throw new Error('client/dist is missing: run `pnpm build` first');
  if (!dataDir) {
    const out = execFileSync('pnpm', ['--filter', '@accord/server', 'bench:bigmemo', '--', '--clients', '0', '--loads', '1', '--keep'], { cwd: ROOT, encoding: 'utf8' });
    if (echo) process.stdout.write(out);
    dataDir = /data kept in (\S+)/.exec(out)![1]!;
  }
  const big = (JSON.parse(fs.readFileSync(path.join(dataDir, 'big-memo.json'), 'utf8')) as { big: BigMemoData['big'] }).big;
  return { dataDir, big, drafter: readAccounts(dataDir).find((a) => a.role === 'drafter')! };
}
