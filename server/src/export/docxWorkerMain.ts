import { parentPort, workerData } from 'node:worker_threads';
import { docxExport, type DocxExtras } from './docxExport';
import type { ExportOptions } from './exportOptions';
import type { MemoSnapshot } from './memoSnapshot';

/** What the main thread sends: plain data only (the snapshot, options, extras). */
export interface DocxJob {
  snapshot: MemoSnapshot;
  options: ExportOptions;
  extras: DocxExtras;
}

const job = workerData as DocxJob;
const bytes = await docxExport(job.snapshot, job.options, job.extras);
parentPort!.postMessage(bytes, [bytes.buffer as ArrayBuffer]);
