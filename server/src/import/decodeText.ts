import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';

/**
 * Decodes an uploaded text file: UTF-8 (with or without a byte-order mark) or
 * UTF-16 with a byte-order mark. Anything else — a legacy encoding such as
 * GBK, or a binary file — is refused with a clear error rather than imported
 * as mojibake.
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    else text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AccordError(ErrorCode.badRequest, 'the file is not UTF-8 text: save it as UTF-8 (or as .docx) and try again');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) throw new AccordError(ErrorCode.badRequest, 'the file holds binary data, not text');
  return text.replace(/\r\n?/g, '\n');
}
