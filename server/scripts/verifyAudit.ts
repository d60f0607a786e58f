/**
 * AU1 verify command: walks every memo's hash-chained audit log (or one memo's)
 * in a data folder and reports the first broken entry. Exit code 1 if any
 * chain is broken.
 *
 *   pnpm --filter @accord/server verify-audit [memoId]     (DATA_DIR as for the server)
 */
import Database from 'better-sqlite3';
import type { MemoId } from '@accord/shared/ids';
import { verifyAuditChain } from '../src/audit/auditHash';
import { SqliteStorage } from '../src/storage/SqliteStorage';
import { configFromEnv } from '../src/config';
import { databaseFile } from '../src/server';

const dataDir = configFromEnv().dataDir;
const file = databaseFile(dataDir);
const only = process.argv.slice(2).find((a) => a !== '--');
const ids = only
  ? [only]
  : (new Database(file, { readonly: true }).prepare('SELECT id FROM memos ORDER BY created_at').all() as Array<{ id: string }>).map((r) => r.id);
const storage = new SqliteStorage({ file, synchronous: 'normal' });
let broken = 0;
for (const id of ids) {
  const verdict = verifyAuditChain(id, await storage.listAudit(id as MemoId));
  if (verdict.ok) console.log(`${id}: ok (${verdict.entries} entries)`);
  else {
    broken += 1;
    console.log(`${id}: BROKEN at entry ${verdict.brokenAt} of ${verdict.entries}: ${verdict.reason}`);
  }
}
await storage.close();
process.exit(broken > 0 ? 1 : 0);
