import { ErrorCode } from '@accord/shared/protocol/errors';
import type { MemoId } from '@accord/shared/ids';
import type { ImportReport, TranslationReport } from '@accord/shared/import/importReport';
import { ApiError } from '../api/ApiError';

/** Posts a multipart form (a file upload); errors become ApiError like every other call. */
async function upload<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json' }, body: form });
  } catch (cause) {
    throw new ApiError(0, ErrorCode.unavailable, cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  return (await response.json()) as T;
}

/** Creates a memo from a file; the server parses it and writes the content (DU3). */
export function importMemo(file: File, language: string, title: string): Promise<ImportReport> {
  const form = new FormData();
  form.append('language', language);
  if (title.trim() !== '') form.append('title', title.trim());
  form.append('file', file, file.name);
  return upload<ImportReport>('/api/memos/import', form);
}

/** Fills one language version of an existing memo from a translation, clause by clause. */
export function importTranslation(memoId: MemoId, file: File, language: string): Promise<TranslationReport> {
  const form = new FormData();
  form.append('language', language);
  form.append('file', file, file.name);
  return upload<TranslationReport>(`/api/memos/${encodeURIComponent(memoId)}/import-translation`, form);
}
