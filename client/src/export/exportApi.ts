import type { MemoId } from '@accord/shared/ids';
import type { RecordOfAgreement } from '@accord/shared/export/recordOfAgreement';
import { apiRequest } from '../api/http';

/** What the export dialog asks for (see `GET /api/memos/:id/export` in docs/API.md). */
export interface ExportChoice {
  format: 'docx' | 'md' | 'pdf' | 'json';
  variant: 'clean' | 'bracketed';
  languages: string[];
  annex: boolean;
}

/**
 * The URL of an export. The server answers with a file download (DOCX,
 * Markdown, JSON) or, for PDF, with the print view that the browser prints,
 * so a plain link is all the client needs — the session cookie goes along.
 */
export function exportUrl(memoId: MemoId, choice: ExportChoice): string {
  const params = new URLSearchParams({ format: choice.format, variant: choice.variant, languages: choice.languages.join(',') });
  if (!choice.annex) params.set('annex', '0');
  return `/api/memos/${encodeURIComponent(memoId)}/export?${params.toString()}`;
}

/** The record of agreement: per clause, who signed which text when. */
export function fetchRecord(memoId: MemoId): Promise<RecordOfAgreement> {
  return apiRequest<RecordOfAgreement>('GET', `/api/memos/${encodeURIComponent(memoId)}/record`);
}
