import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A demo account as written by the server to DATA_DIR/demo-accounts.json. */
export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  party: string | null;
  role: string;
}

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Starts `pnpm start`'s entry point as a real child process on port 0 with its
 * own data folder, and resolves with the URL it prints.
 */
export async function startAccordServer(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-e2e-'))): Promise<RunningServer> {
  const tsx = path.join(ROOT, 'server', 'node_modules', '.bin', 'tsx');
  const child = spawn(tsx, [path.join(ROOT, 'server', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ACCORD_CLIENT_DIR: path.join(ROOT, 'client', 'dist') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    dataDir,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function readAccounts(dataDir: string): DemoAccount[] {
  return JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccount[];
}
