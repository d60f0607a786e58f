import * as Y from 'yjs';

/**
 * One UTF-16 unit of a language version with the Yjs id of the item that holds
 * it and the marks it carries — what compare needs to say "who wrote this" and
 * "was only its formatting changed". Paragraph breaks are a `\n` token.
 */
export interface TextToken {
  ch: string;
  /** Yjs client id of the writer of this character (of the paragraph, for `\n`). */
  client: number;
  /** Canonical marks: sorted `name=json` strings, y-prosemirror's `--suffix` removed. */
  marks: string;
  /** Client id of the last formatting item before this character (who set or cleared its marks), or -1. */
  formatClient: number;
}

/** The tokens of a fragment: each paragraph's characters, paragraphs joined by `\n`. */
export function textTokens(fragment: Y.XmlFragment): TextToken[] {
  const tokens: TextToken[] = [];
  let first = true;
  for (const child of fragment.toArray()) {
    if (!first) tokens.push({ ch: '\n', client: child instanceof Y.AbstractType && child._item ? child._item.id.client : -1, marks: '', formatClient: -1 });
    first = false;
    if (child instanceof Y.XmlElement) elementTokens(child, tokens);
    else if (child instanceof Y.XmlText) runTokens(child, tokens);
  }
  return tokens;
}

/** The names of the marks in a canonical marks string (for display). */
export const markNames = (marks: string): string[] => (marks === '' ? [] : marks.split('\u0001').map((m) => m.slice(0, m.indexOf('='))));

function elementTokens(element: Y.XmlElement, out: TextToken[]): void {
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) runTokens(child, out);
    else if (child instanceof Y.XmlElement) elementTokens(child, out);
  }
}

// Walks the text's item list directly (toDelta would lose the item ids).
function runTokens(text: Y.XmlText, out: TextToken[]): void {
  const attrs = new Map<string, { value: unknown; client: number }>();
  let marks = '';
  let formatClient = -1;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      const key = content.key.replace(/--[^-]*$/, '');
      if (content.value === null) attrs.delete(key);
      else attrs.set(key, { value: content.value, client: item.id.client });
      marks = [...attrs.entries()]
        .map(([k, v]) => `${k}=${JSON.stringify(v.value)}`)
        .sort()
        .join('\u0001');
      formatClient = item.id.client;
    } else if (content instanceof Y.ContentString) {
      const str = content.str;
      for (let i = 0; i < str.length; i += 1) out.push({ ch: str[i]!, client: item.id.client, marks, formatClient });
    }
  }
}
