import path from 'node:path';
import type { ConnectionLimits } from './limits/ConnectionLimits';

/**
 * Everything a server instance needs to know, read once at start. Tests build
 * their own Config (port 0, a temporary data folder) and start as many servers
 * as they like: nothing is configured at import time.
 */
export interface Config {
  /** TCP port; 0 picks a free one (tests). Env `PORT`, default 8080. */
  port: number;
  /** Interface to bind. Env `HOST`, default `0.0.0.0`. */
  host: string;
  /** Folder of the SQLite file and demo-accounts.json. Env `DATA_DIR`, default `data/` at the repository root. */
  dataDir: string;
  /**
   * SQLite `synchronous` level. `normal` (default) in WAL mode survives any
   * process crash but a power loss may roll back the last commits; `full`
   * fsyncs the WAL on every commit and survives power loss too, at a cost per
   * group commit. Env `ACCORD_SYNCHRONOUS`.
   */
  synchronous: 'normal' | 'full';
  /** Built client to serve at `/`, if present. */
  clientDir: string | null;
  /** Create demo accounts and the demo memo when the data folder is empty. */
  seedDemo: boolean;
  /** How long updates wait to be committed together (ms), at least. Env `ACCORD_COMMIT_WINDOW_MS`, default 2. */
  commitWindowMs: number;
  /**
   * The commit window grows with the number of peers of a memo so that one
   * memo sends at most about `sendBudgetPerSecond` frames a second (each
   * commit is one broadcast frame per peer: with 600 peers a 2 ms window would
   * mean 300,000 socket writes a second), up to `commitWindowMaxMs`. Env
   * `ACCORD_SEND_BUDGET` (default 50000) and `ACCORD_COMMIT_WINDOW_MAX_MS` (default 25).
   */
  sendBudgetPerSecond: number;
  commitWindowMaxMs: number;
  /** Write a checkpoint after this many updates since the last one. */
  checkpointEvery: number;
  /**
   * …but at most once per this many ms (a checkpoint and its history index
   * take O(memo) time on the event loop). Env `ACCORD_CHECKPOINT_MIN_INTERVAL_MS`, default 5000.
   */
  checkpointMinIntervalMs: number;
  /**
   * How long a memo stays in memory after its last holder left (ms). A page
   * reload, or going from the history page back to the memo, then finds it
   * loaded instead of decoding it again. Env `ACCORD_MEMO_LINGER_MS`, default
   * 30000; 0 unloads at once.
   */
  memoLingerMs: number;
  /** Largest WebSocket message accepted, in bytes (bigger closes with 1009). */
  maxMessageBytes: number;
  /** Largest JSON body accepted by the HTTP API. */
  maxJsonBytes: number;
  /**
   * Per-connection limits on the sync socket (token buckets): messages and
   * bytes per second, with bursts of twice that. Typing sends well under 50
   * messages a second; the defaults only stop floods. Exceeding closes with 4429.
   */
  connectionLimits: ConnectionLimits;
  /** Failed logins allowed per (address, email) before 429, and how many more per minute after that. */
  loginLimits: { burst: number; perMinute: number };
  /** Session lifetime in milliseconds. */
  sessionTtlMs: number;
  /** Cost of Argon2id hashing; tests lower it to stay fast. */
  argon2: { memoryCost: number; timeCost: number };
  /** Print startup information (URL, demo accounts). */
  log: boolean;
}

/** Reads the configuration from environment variables, with documented defaults. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const root = path.resolve(import.meta.dirname, '..', '..');
  // `pnpm start` runs in server/; a relative DATA_DIR means relative to where the person ran the command
  // (npm and pnpm pass that as INIT_CWD), and the default is `data/` at the repository root.
  const base = env.INIT_CWD ?? process.cwd();
  const dataDir = env.DATA_DIR ? path.resolve(base, env.DATA_DIR) : path.join(root, 'data');
  return {
    port: intFrom(env.PORT, 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    synchronous: env.ACCORD_SYNCHRONOUS === 'full' ? 'full' : 'normal',
    clientDir: env.ACCORD_CLIENT_DIR ?? path.join(root, 'client', 'dist'),
    seedDemo: env.ACCORD_SEED_DEMO !== '0',
    commitWindowMs: intFrom(env.ACCORD_COMMIT_WINDOW_MS, 2),
    sendBudgetPerSecond: intFrom(env.ACCORD_SEND_BUDGET, 50_000),
    commitWindowMaxMs: intFrom(env.ACCORD_COMMIT_WINDOW_MAX_MS, 25),
    checkpointEvery: intFrom(env.ACCORD_CHECKPOINT_EVERY, 500),
    checkpointMinIntervalMs: intFrom(env.ACCORD_CHECKPOINT_MIN_INTERVAL_MS, 5000),
    memoLingerMs: intFrom(env.ACCORD_MEMO_LINGER_MS, 30_000),
    maxMessageBytes: intFrom(env.ACCORD_MAX_MESSAGE_BYTES, 2 * 1024 * 1024),
    maxJsonBytes: 256 * 1024,
    connectionLimits: {
      messagesPerSecond: intFrom(env.ACCORD_MAX_MESSAGES_PER_SECOND, 1000),
      bytesPerSecond: intFrom(env.ACCORD_MAX_BYTES_PER_SECOND, 4 * 1024 * 1024),
      maxBufferedBytes: intFrom(env.ACCORD_MAX_BUFFERED_BYTES, 32 * 1024 * 1024),
    },
    loginLimits: { burst: 10, perMinute: 5 },
    sessionTtlMs: 14 * 24 * 3600 * 1000,
    argon2: { memoryCost: 19456, timeCost: 2 },
    log: true,
  };
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`expected a non-negative integer, got "${value}"`);
  return n;
}
