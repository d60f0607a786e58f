import fs from 'node:fs';
import path from 'node:path';
import { startAccordServer } from './accordServer';

/** Starts one Accord server for the run; the returned function stops it and removes its data folder (kept with ACCORD_KEEP_TEST_DATA). */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dist = path.resolve(import.meta.dirname, '..', '..', 'client', 'dist', 'index.html');
  if (!fs.existsSync(dist)) throw new Error('client/dist is missing: run `pnpm build` first (the root `pnpm test` does)');
  const server = await startAccordServer();
  process.env.ACCORD_URL = server.url;
  process.env.ACCORD_DATA_DIR = server.dataDir;
  return async () => {
    await server.stop();
    if (!process.env.ACCORD_KEEP_TEST_DATA) fs.rmSync(server.dataDir, { recursive: true, force: true });
  };
}
