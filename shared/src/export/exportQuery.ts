import { z } from 'zod';
import { LANGUAGE_PATTERN } from '../ids';
import { EXPORT_FORMATS } from './recordOfAgreement';

/**
 * Query of `GET /api/memos/:id/export`: format, variant (clean current text,
 * or contested spans bracketed with footnotes), languages (one, or several
 * side by side; default every memo language) and whether the DOCX carries the
 * participants list and the record-of-agreement annex (default yes).
 */
export const ExportQuery = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    variant: z.enum(['clean', 'bracketed']).default('clean'),
    languages: z
      .string()
      .optional()
      .transform((s) => (s ? s.split(',').map((l) => l.trim()).filter(Boolean) : undefined))
      .pipe(z.array(z.string().regex(LANGUAGE_PATTERN)).min(1).max(6).optional()),
    annex: z.enum(['0', '1']).default('1'),
  })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuery>;
