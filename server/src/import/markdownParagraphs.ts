import { joinWrapped } from './plainTextParagraphs';
import type { ParsedSource, SourceParagraph, SourceRole, SourceRun } from './sourceParagraph';

/**
 * Markdown → paragraphs: `#` is the title, `##` a section, `###` and deeper a
 * sub-section; ordered-list items are numbered clauses and text indented under
 * an item continues it; a hard break (`\` or two spaces at a line's end) starts
 * another paragraph of the same clause; bullets, quotes and plain paragraphs
 * are left to the memo builder. Footnote references and definitions, HTML
 * comments and rules are dropped; `**bold**`, `*italic*` and `\` escapes are read.
 */
export function markdownParagraphs(text: string): ParsedSource {
  const paragraphs: SourceParagraph[] = [];
  const source = text.replace(/<!--[\s\S]*?-->/g, '');
  let inItem = false;
  let pending: { lines: string[]; role: SourceRole } | null = null;
  const flush = (): void => {
    if (!pending) return;
    // Hard breaks split the block into paragraphs of one clause.
    const pieces: string[] = [''];
    for (const line of pending.lines) {
      const hard = /\\$/.test(line) || / {2,}$/.test(line);
      const content = line.replace(/\\$/, '').trimEnd();
      pieces[pieces.length - 1] = pieces[pieces.length - 1] === '' ? content : joinWrapped(pieces[pieces.length - 1]!, content);
      if (hard) pieces.push('');
    }
    pieces
      .filter((p) => p.trim() !== '')
      .forEach((p, i) => paragraphs.push({ role: i === 0 ? pending!.role : 'continuation', runs: inlineRuns(p.trim()) }));
    pending = null;
  };
  for (const raw of source.split('\n')) {
    const line = raw.replace(/\t/g, '    ');
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (/^\s*\[\^[^\]]+\]:/.test(line) || /^\s*(?:---+|\*\*\*+|___+)\s*$/.test(line)) {
      flush();
      inItem = false;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line) ?? /^(#{1,6})\s*$/.exec(line);
    if (heading) {
      flush();
      inItem = false;
      const level = heading[1]!.length;
      paragraphs.push({ role: level === 1 ? 'title' : level === 2 ? 'heading1' : 'heading2', runs: inlineRuns(heading[2] ?? '') });
      continue;
    }
    const item = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/.exec(line);
    if (item) {
      flush();
      inItem = true;
      pending = { lines: [item[2]!], role: 'numbered' };
      continue;
    }
    const bullet = /^ {0,3}[-*+]\s+(.*)$/.exec(line);
    if (bullet) {
      flush();
      pending = { lines: [`• ${bullet[1]!}`], role: inItem ? 'continuation' : 'bullet' };
      continue;
    }
    // Leading space is layout; trailing space may be a hard break, so it stays until flush.
    const quote = /^\s*>\s?(.*)$/.exec(line);
    const content = (quote ? quote[1]! : line).replace(/^\s+/, '');
    if (pending) {
      pending.lines.push(content);
      continue;
    }
    if (/^ {2,}\S/.test(line) && inItem) pending = { lines: [content], role: 'continuation' };
    else {
      inItem = false;
      pending = { lines: [content], role: null };
    }
  }
  flush();
  return { paragraphs, skippedTables: 0 };
}

/** Inline Markdown → runs: `\` escapes, `***`, `**`, `*`/`_` emphasis; footnote references dropped. */
export function inlineRuns(source: string): SourceRun[] {
  const text = source.replace(/\[\^[^\]]+\]/g, '');
  const runs: SourceRun[] = [];
  let bold = false;
  let italic = false;
  let buffer = '';
  const push = (): void => {
    if (buffer !== '') runs.push({ text: buffer, bold, italic });
    buffer = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length && /[\\`*_[\]{}()#+\-.!<>|~]/.test(text[i + 1]!)) {
      buffer += text[++i];
      continue;
    }
    if (ch === '*' || ch === '_') {
      let n = 1;
      while (text[i + n] === ch) n++;
      // An underscore inside a word is a character, not emphasis.
      if (ch === '_' && /\w/.test(text[i - 1] ?? '') && /\w/.test(text[i + n] ?? '')) {
        buffer += ch.repeat(n);
        i += n - 1;
        continue;
      }
      push();
      if (n >= 3) (bold = !bold), (italic = !italic);
      else if (n === 2) bold = !bold;
      else italic = !italic;
      i += n - 1;
      continue;
    }
    buffer += ch;
  }
  push();
  return runs;
}
