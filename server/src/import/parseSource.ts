import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import { decodeText } from './decodeText';
import { markdownParagraphs } from './markdownParagraphs';
import { plainTextParagraphs } from './plainTextParagraphs';
import type { ParsedSource } from './sourceParagraph';

/** An uploaded file: its bytes and the name the browser gave it. */
export interface UploadedFile {
  bytes: Uint8Array;
  name: string;
}

/**
 * Reads an uploaded file by what it is: a zip is a .docx, a `.md` or
 * `.markdown` name is Markdown, anything else is plain text. Old binary Word
 * files (.doc), empty files and undecodable text are refused with a message
 * that says what to do.
 */
export async function parseSource(file: UploadedFile): Promise<ParsedSource> {
  const { bytes, name } = file;
  if (bytes.length === 0) throw new AccordError(ErrorCode.badRequest, 'the file is empty');
  const lower = name.toLowerCase();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (isOle || lower.endsWith('.doc')) throw new AccordError(ErrorCode.badRequest, 'old Word files (.doc) are not supported: save the file as .docx and import that');
  if (isZip || lower.endsWith('.docx')) {
    if (!isZip) throw new AccordError(ErrorCode.badRequest, 'the file is named .docx but is not a Word document');
    // Loaded on first use (zip support is only needed for .docx).
    const { docxParagraphs } = await import('./docxParagraphs');
    return docxParagraphs(bytes);
  }
  const text = decodeText(bytes);
  if (text.trim() === '') throw new AccordError(ErrorCode.badRequest, 'the file has no text');
  return lower.endsWith('.md') || lower.endsWith('.markdown') ? markdownParagraphs(text) : plainTextParagraphs(text);
}
