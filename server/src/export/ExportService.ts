import type { LanguageCode } from '@accord/shared/ids';
import type { ExportQuery } from '@accord/shared/export/exportQuery';
import type { PartyParticipants, RecordOfAgreement } from '@accord/shared/export/recordOfAgreement';
import type { Membership } from '@accord/shared/memo/schema';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { DocumentRegistry } from '../sync/DocumentRegistry';
import type { MemoRecord, Storage } from '../storage/Storage';
import { buildRecordOfAgreement } from './buildRecordOfAgreement';
import type { ExportOptions } from './exportOptions';
import { markdownExport } from './markdownExport';
import { buildMemoSnapshot, type MemoSnapshot } from './memoSnapshot';
import { buildParticipants } from './participants';
import { printHtmlExport } from './printHtmlExport';
import { DOCX_WORKER_THRESHOLD, renderDocx } from './renderDocxOffThread';

/** A finished export: bytes, their media type and a file name for the download. */
export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

/**
 * Reads a memo's live document once (after pending commits) into a snapshot
 * and the record of agreement, then renders the requested format. The
 * renderers are pure functions of those models.
 */
export class ExportService {
  constructor(
    private readonly storage: Storage,
    private readonly registry: DocumentRegistry,
    /** Clauses from which DOCX rendering moves to a worker thread (tests lower it). */
    private readonly docxWorkerThreshold = DOCX_WORKER_THRESHOLD,
  ) {}

  /** The record of agreement now, with signatories' current names. */
  /**
   * The record of agreement of the live memo, or of `revisionDoc` — the memo
   * rebuilt at an earlier revision (HistoryService.rebuild) — so "who had
   * agreed to what on 14 February" reads from the same builder.
   */
  async record(memo: MemoRecord, revisionDoc?: import('yjs').Doc): Promise<RecordOfAgreement> {
    const people = await this.members(memo);
    if (revisionDoc) return buildRecordOfAgreement(revisionDoc, memo, people);
    return this.withDoc(memo, (doc) => buildRecordOfAgreement(doc, memo, people));
  }

  async export(memo: MemoRecord, query: ExportQuery): Promise<ExportFile> {
    const languages = (query.languages ?? memo.languages) as LanguageCode[];
    const unknown = languages.filter((l) => !memo.languages.includes(l));
    if (unknown.length > 0) throw new AccordError(ErrorCode.badRequest, `not a language of this memo: ${unknown.join(', ')}`);
    if (new Set(languages).size !== languages.length) throw new AccordError(ErrorCode.badRequest, 'languages must be unique');
    const options: ExportOptions = { variant: query.variant, languages };
    const people = await this.members(memo);
    const { snapshot, record } = await this.withDoc(memo, (doc) => ({
      snapshot: buildMemoSnapshot(doc, memo),
      record: buildRecordOfAgreement(doc, memo, people),
    }));
    const participants: PartyParticipants[] = buildParticipants(memo.parties, people);
    const base = `${fileStem(snapshot)}-${query.variant}-${languages.join('-')}`;
    switch (query.format) {
      case 'docx':
        return {
          body: await renderDocx(snapshot, options, query.annex === '1' ? { participants, record } : {}, this.docxWorkerThreshold),
          contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          filename: `${base}.docx`,
        };
      case 'md':
        return { body: Buffer.from(markdownExport(snapshot, options, query.annex === '1' ? participants : []), 'utf8'), contentType: 'text/markdown; charset=utf-8', filename: `${base}.md` };
      case 'html':
      case 'pdf':
        return { body: Buffer.from(printHtmlExport(snapshot, options, participants), 'utf8'), contentType: 'text/html; charset=utf-8', filename: `${base}.html` };
      case 'json':
        return {
          body: Buffer.from(JSON.stringify({ ...record, generatedAt: new Date().toISOString() }, null, 2), 'utf8'),
          contentType: 'application/json; charset=utf-8',
          filename: `${fileStem(snapshot)}-record-of-agreement.json`,
        };
    }
  }

  private async members(memo: MemoRecord): Promise<Membership[]> {
    const out: Membership[] = [];
    for (const m of await this.storage.listMembers(memo.id)) {
      const u = await this.storage.findUserById(m.userId);
      if (u) out.push({ userId: u.id, email: u.email, name: u.name, partyId: m.partyId, role: m.role });
    }
    return out;
  }

  private async withDoc<T>(memo: MemoRecord, read: (doc: import('yjs').Doc) => T): Promise<T> {
    const open = await this.registry.acquire(memo);
    try {
      await open.whenCommitted();
      return read(open.doc);
    } finally {
      await this.registry.release(open, null);
    }
  }
}

// A file name from the title: letters of any script, digits and dashes.
function fileStem(snapshot: MemoSnapshot): string {
  return snapshot.title.normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'memo';
}
