import { BULLET, isHeadingShaped, recogniseNumber, TERMINAL } from './numbering';
import { plainRun, type ParsedSource, type SourceParagraph } from './sourceParagraph';

/**
 * Plain text → paragraphs. Blank lines separate blocks; inside a block a line
 * starts a new paragraph when it is numbered, a bullet, a tab-separated row
 * (participants lists) or follows a heading-shaped or finished line —
 * otherwise it continues a hard-wrapped paragraph. Roles are left to the
 * memo builder (plain text has no styles). A lone `**` after a lead phrase
 * (as in memos pasted from Markdown) bolds the phrase before it.
 */
export function plainTextParagraphs(text: string): ParsedSource {
  const paragraphs: SourceParagraph[] = [];
  for (const block of text.split(/\n[ \t\u3000]*\n/)) {
    let current: string | null = null;
    const flush = (): void => {
      if (current !== null && current.trim() !== '') paragraphs.push(toParagraph(current.trim()));
      current = null;
    };
    for (const raw of block.split('\n')) {
      const line = raw.replace(/[ \u3000]+$/, '').replace(/^[ \u3000]+/, '');
      if (line === '') continue;
      const startsNew =
        current === null || recogniseNumber(line) !== null || BULLET.test(line) || line.includes('\t') || isHeadingShaped(current) || TERMINAL.test(current);
      if (startsNew) {
        flush();
        current = line;
      } else current = joinWrapped(current!, line);
    }
    flush();
  }
  return { paragraphs, skippedTables: 0 };
}

// Hard-wrapped lines: Latin words get a space between them, CJK text none.
export function joinWrapped(a: string, b: string): string {
  const cjk = /[\u3000-\u9fff\uff00-\uffef]/;
  return cjk.test(a.slice(-1)) || cjk.test(b[0] ?? '') ? a + b : `${a} ${b}`;
}

function toParagraph(text: string): SourceParagraph {
  const parts = text.split('**');
  if (parts.length === 2 && parts[0]!.length > 0 && parts[0]!.length <= 200) {
    // One `**`: the lead phrase before it was bold in the original.
    const numbering = recogniseNumber(parts[0]!);
    const prefix = numbering ? parts[0]!.slice(0, parts[0]!.length - numbering.rest.length) : '';
    const lead = numbering ? numbering.rest : parts[0]!;
    return { role: null, runs: [...(prefix ? [plainRun(prefix)] : []), { text: lead, bold: true, italic: false }, plainRun(parts[1]!)].filter((r) => r.text !== '') };
  }
  if (parts.length > 2 && parts.length % 2 === 1) {
    return { role: null, runs: parts.map((t, i) => ({ text: t, bold: i % 2 === 1, italic: false })).filter((r) => r.text !== '') };
  }
  return { role: null, runs: [plainRun(text)] };
}
