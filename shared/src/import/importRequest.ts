import { z } from 'zod';
import { LANGUAGE_PATTERN } from '../ids';

/**
 * Form fields of `POST /api/memos/import` (multipart, beside `file`): the
 * language version the file's text goes into, and optionally the memo's
 * title, its languages (comma-separated), its parties (JSON, as in
 * `POST /api/memos`) and the importer's own role and party. Defaults are the
 * new-memo form's.
 */
export const ImportMemoFields = z
  .object({
    language: z.string().regex(LANGUAGE_PATTERN, 'a language code such as "zh" or "en"'),
    title: z.string().trim().max(300).optional(),
    languages: z.string().max(100).optional(),
    parties: z.string().max(16_000).optional(),
    myRole: z.enum(['facilitator', 'drafter', 'signatory', 'observer']).optional(),
    myPartyId: z.string().max(64).optional(),
  })
  .strict();
export type ImportMemoFields = z.infer<typeof ImportMemoFields>;

/** Form fields of `POST /api/memos/:id/import-translation`: which language version the file fills. */
export const ImportTranslationFields = z.object({ language: z.string().regex(LANGUAGE_PATTERN, 'a language code such as "zh" or "en"') }).strict();
