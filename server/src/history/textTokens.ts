import * as Y from 'yjs';

/**
 * A language version as compare needs it: its text and, as runs (one per Yjs
 * item, a handful per edit rather than one entry per character — a
 * 1,000-clause compare reads hundreds of thousands of characters), who wrote
 * each run (Yjs client id), its marks (was only its formatting changed) and
 * the client of the formatting item before it (who set those marks).
 * Paragraph breaks are `\n`, a run of their own attributed to the paragraph's
 * writer. Plain data (strings and numbers), so it can be cached and sent
 * between threads.
 */
export interface TextTokens {
  text: string;
  /** Run i covers the UTF-16 units [starts[i], starts[i + 1]) (the last one up to text.length). */
  starts: number[];
  /** Yjs client id that wrote each run (-1: unknown). */
  clients: number[];
  /** Canonical marks of each run: sorted `name=json`, y-prosemirror's `--suffix` removed; '' for none. */
  marks: string[];
  /** Client id of the last formatting item before each run (who set or cleared its marks), or -1. */
  formatClients: number[];
  /** The marks of the whole text as `length:marks` of maximal runs: equal keys ⇔ the same marks at every unit. */
  marksKey: string;
}

/** The tokens of an empty (or absent) language version. */
export const EMPTY_TOKENS: TextTokens = { text: '', starts: [], clients: [], marks: [], formatClients: [], marksKey: '' };

/** The tokens of a fragment: each paragraph's characters, paragraphs joined by `\n`. */
export function textTokens(fragment: Y.XmlFragment): TextTokens {
  const out: Out = { parts: [], length: 0, starts: [], clients: [], marks: [], formatClients: [] };
  let first = true;
  for (let item = fragment._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
    if (!first) push(out, '\n', item.id.client, '', -1);
    first = false;
    if (child instanceof Y.XmlElement) elementTokens(child, out);
    else if (child instanceof Y.XmlText) runTokens(child, out);
  }
  const tokens = { text: out.parts.join(''), starts: out.starts, clients: out.clients, marks: out.marks, formatClients: out.formatClients, marksKey: '' };
  tokens.marksKey = marksKeyOf(tokens);
  return tokens;
}

/** True when two versions have the same text and the same marks everywhere. */
export const sameTokens = (a: TextTokens, b: TextTokens): boolean => a.text === b.text && a.marksKey === b.marksKey;

/** True when any unit carries a bracket mark (an open bracket). */
export const hasBracket = (tokens: TextTokens): boolean => tokens.marks.some((m) => m.includes('bracket='));

/** The names of the marks in a canonical marks string (for display). */
export const markNames = (marks: string): string[] => (marks === '' ? [] : marks.split('\u0001').map((m) => m.slice(0, m.indexOf('='))));

/** The run holding unit `at` (binary search over the run starts; -1 for an empty text). */
export function runAt(tokens: TextTokens, at: number): number {
  let low = 0;
  let high = tokens.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (tokens.starts[mid]! <= at) low = mid;
    else high = mid - 1;
  }
  return high;
}

/** Where run `run` ends (exclusive). */
export const runEnd = (tokens: TextTokens, run: number): number => (run + 1 < tokens.starts.length ? tokens.starts[run + 1]! : tokens.text.length);

type Out = { parts: string[]; length: number; starts: number[]; clients: number[]; marks: string[]; formatClients: number[] };

function push(out: Out, str: string, client: number, marks: string, formatClient: number): void {
  out.parts.push(str);
  out.starts.push(out.length);
  out.clients.push(client);
  out.marks.push(marks);
  out.formatClients.push(formatClient);
  out.length += str.length;
}

function elementTokens(element: Y.XmlElement, out: Out): void {
  for (let item = element._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
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
    } else if (content instanceof Y.ContentString && content.str.length > 0) push(out, content.str, item.id.client, marks, formatClient);
  }
}

/** The `marksKey` of tokens whose other fields are set. */
export function marksKeyOf(out: Omit<TextTokens, 'marksKey'>): string {
  const parts: string[] = [];
  let marks = '';
  let length = 0;
  for (let r = 0; r < out.starts.length; r += 1) {
    const runLength = (r + 1 < out.starts.length ? out.starts[r + 1]! : out.text.length) - out.starts[r]!;
    if (out.marks[r] === marks) length += runLength;
    else {
      if (length > 0) parts.push(`${length}:${marks}`);
      marks = out.marks[r]!;
      length = runLength;
    }
  }
  if (length > 0) parts.push(`${length}:${marks}`);
  return parts.join('\u0002');
}
