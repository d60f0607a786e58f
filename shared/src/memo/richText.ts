import * as Y from 'yjs';

/**
 * Rich text of a language version, stored the way y-prosemirror (Tiptap's
 * Collaboration binding) stores it: a fragment of `paragraph` elements, each
 * holding one Y.XmlText whose formatting attributes are ProseMirror marks
 * (`{ bold: {} }`). The server writes seeds in exactly this form so that a
 * seeded clause and a typed one hash alike (CL1).
 */
export const PARAGRAPH = 'paragraph';

/** Marks the editor schema allows; anything else is not part of a memo's text. */
export const MARK_NAMES = ['bold', 'italic', 'bracket'] as const;
export type MarkName = (typeof MARK_NAMES)[number];

/** A run of text with the marks that apply to all of it. */
export interface TextRun {
  text: string;
  marks: Record<string, Record<string, unknown>>;
}

/** Splits `**bold**` markup into runs (the seed format of MemoSeed). */
export function parseInline(source: string): TextRun[] {
  const runs: TextRun[] = [];
  const parts = source.split('**');
  parts.forEach((part, i) => {
    if (part.length === 0) return;
    runs.push({ text: part, marks: i % 2 === 1 ? { bold: {} } : {} });
  });
  return runs;
}

/** Builds a paragraph element holding the given runs. */
export function paragraphElement(runs: TextRun[]): Y.XmlElement {
  const paragraph = new Y.XmlElement(PARAGRAPH);
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  let offset = 0;
  for (const run of runs) {
    text.insert(offset, run.text, Object.keys(run.marks).length > 0 ? run.marks : {});
    offset += run.text.length;
  }
  return paragraph;
}

/**
 * Replaces a fragment's content with paragraphs parsed from seed text
 * (blank line = new paragraph). Always leaves at least one paragraph, as an
 * editor would, so an empty language version hashes the same everywhere.
 */
export function writeSeedText(fragment: Y.XmlFragment, source: string): void {
  if (fragment.length > 0) fragment.delete(0, fragment.length);
  const paragraphs = source.split(/\n\s*\n/).map((p) => p.trim());
  const elements = (paragraphs.length > 0 ? paragraphs : ['']).map((p) => paragraphElement(parseInline(p)));
  fragment.insert(0, elements);
}

/** The plain text of a fragment, paragraphs joined by a newline. */
export function fragmentToPlainText(fragment: Y.XmlFragment): string {
  const lines: string[] = [];
  for (const child of fragment.toArray()) {
    if (child instanceof Y.XmlElement) lines.push(elementText(child));
    else if (child instanceof Y.XmlText) lines.push(child.toString());
  }
  return lines.join('\n');
}

function elementText(element: Y.XmlElement): string {
  let out = '';
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as Array<{ insert: unknown }>) if (typeof op.insert === 'string') out += op.insert;
    } else if (child instanceof Y.XmlElement) out += elementText(child);
  }
  return out;
}
