import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default SQLite
 * checkpoints inside whichever commit pushes the WAL past 1,000 pages: that
 * commit then copies megabytes and fsyncs the database file while every
 * socket waits (a latency spike every few seconds under load). Instead the
 * owning connection turns auto-checkpointing off and this worker thread, with
 * its own connection to the same file, runs a PASSIVE checkpoint every
 * `intervalMs`: it never blocks writers or readers, and SQLite keeps it
 * crash-safe as always.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  constructor(file: string, intervalMs = 1000) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const code = `
      const { workerData } = require('node:worker_threads');
      const Database = require(workerData.driver);
      const db = new Database(workerData.file);
      db.pragma('busy_timeout = 5000');
      const timer = setInterval(() => {
        try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { console.error('WAL checkpoint failed:', error.message); }
      }, workerData.intervalMs);
      require('node:worker_threads').parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
    `;
    this.worker = new Worker(code, { eval: true, workerData: { file, driver, intervalMs } });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    // A checkpoint that cannot run costs WAL size, not data: report it, never crash the server.
    this.worker.on('error', (error) => console.error('WAL checkpoint worker failed:', error.message));
  }

  /** Stops the worker (its connection closed) before the owner closes its own. */
  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    // A worker that does not answer (still starting, or stuck) is ended after a moment.
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}
