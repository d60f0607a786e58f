import * as Y from 'yjs';

/**
 * A language version as compare needs it, one entry per UTF-16 unit (kept as
 * parallel arrays, not an object per character: a 1,000-clause compare walks
 * hundreds of thousands of them). For each unit: the Yjs client that wrote it
 * (who wrote this), its marks (was only its formatting changed) and the
 * client of the formatting item before it (who set those marks). Paragraph
 * breaks are `\n`, attributed to the paragraph's writer.
 */
export interface TextTokens {
  text: string;
  clients: number[];
  /** Canonical marks per unit: sorted `name=json`, y-prosemirror's `--suffix` removed; '' for none. */
  marks: string[];
  /** Client id of the last formatting item before each unit (who set or cleared its marks), or -1. */
  formatClients: number[];
}

/** The tokens of a fragment: each paragraph's characters, paragraphs joined by `\n`. */
export function textTokens(fragment: Y.XmlFragment): TextTokens {
  const out = { parts: [] as string[], clients: [] as number[], marks: [] as string[], formatClients: [] as number[] };
  let first = true;
  for (const child of children(fragment)) {
    if (!first) {
      out.parts.push('\n');
      out.clients.push(child instanceof Y.AbstractType && child._item ? child._item.id.client : -1);
      out.marks.push('');
      out.formatClients.push(-1);
    }
    first = false;
    if (child instanceof Y.XmlElement) elementTokens(child, out);
    else if (child instanceof Y.XmlText) runTokens(child, out);
  }
  return { text: out.parts.join(''), clients: out.clients, marks: out.marks, formatClients: out.formatClients };
}

/** True when two versions have the same text and the same marks everywhere. */
export function sameTokens(a: TextTokens, b: TextTokens): boolean {
  if (a.text !== b.text) return false;
  for (let i = 0; i < a.marks.length; i += 1) if (a.marks[i] !== b.marks[i]) return false;
  return true;
}

/** True when any unit carries a bracket mark (an open bracket). */
export const hasBracket = (tokens: TextTokens): boolean => tokens.marks.some((m) => m.includes('bracket='));

/** The names of the marks in a canonical marks string (for display). */
export const markNames = (marks: string): string[] => (marks === '' ? [] : marks.split('\u0001').map((m) => m.slice(0, m.indexOf('='))));

type Out = { parts: string[]; clients: number[]; marks: string[]; formatClients: number[] };

// The live children of a type, read from its item list (no intermediate array per call).
function* children(type: Y.XmlFragment | Y.XmlElement): Generator<Y.AbstractType<Y.YEvent<Y.XmlElement>>> {
  for (let item = type._start; item !== null; item = item.right) {
    if (!item.deleted && item.content instanceof Y.ContentType) yield item.content.type as Y.AbstractType<Y.YEvent<Y.XmlElement>>;
  }
}

function elementTokens(element: Y.XmlElement, out: Out): void {
  for (const child of children(element)) {
    if (child instanceof Y.XmlText) runTokens(child, out);
    else if (child instanceof Y.XmlElement) elementTokens(child, out);
  }
}

// Walks the text's item list directly (toDelta would lose the item ids).
function runTokens(text: Y.XmlText, out: Out): void {
  const attrs = new Map<string, unknown>();
  let marks = '';
  let formatClient = -1;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    const content = item.content;
    if (content instanceof Y.ContentFormat) {
      const key = content.key.replace(/--[^-]*$/, '');
      if (content.value === null) attrs.delete(key);
      else attrs.set(key, content.value);
      marks = [...attrs.entries()]
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .sort()
        .join('\u0001');
      formatClient = item.id.client;
    } else if (content instanceof Y.ContentString) {
      const str = content.str;
      out.parts.push(str);
      const client = item.id.client;
      for (let i = 0; i < str.length; i += 1) {
        out.clients.push(client);
        out.marks.push(marks);
        out.formatClients.push(formatClient);
      }
    }
  }
}
