import { Worker } from 'node:worker_threads';
import type { DocxExtras } from './docxExport';
import type { ExportOptions } from './exportOptions';
import { snapshotClauses, type MemoSnapshot } from './memoSnapshot';

/**
 * Clauses from which a DOCX is rendered in a worker thread. The `docx`
 * library builds the whole document synchronously: ~0.5 s for 1,000 clauses
 * in one language and several seconds side by side with the annex (see
 * docs/PERFORMANCE.md) — long enough to stall every open memo's sync on the
 * main thread. Below this size rendering inline is faster than starting a
 * worker (~0.3 s) and blocks for only milliseconds.
 */
export const DOCX_WORKER_THRESHOLD = 150;

/** Renders a DOCX, in a worker thread for large memos, inline for small ones. */
export async function renderDocx(snapshot: MemoSnapshot, options: ExportOptions, extras: DocxExtras, threshold = DOCX_WORKER_THRESHOLD): Promise<Buffer> {
  if (snapshotClauses(snapshot).length < threshold) {
    // Loaded on first use: the docx library is large and most server starts never export.
    const { docxExport } = await import('./docxExport');
    return docxExport(snapshot, options, extras);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const worker = new Worker(new URL('./docxWorker.mjs', import.meta.url), { workerData: { snapshot, options, extras } });
    let done = false;
    worker.once('message', (bytes: Uint8Array) => {
      done = true;
      resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      done = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`DOCX worker exited with code ${code}`));
    });
  });
}
