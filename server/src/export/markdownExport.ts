import type { BracketAttrs } from '@accord/shared/memo/agreement';
import type { PartyParticipants } from '@accord/shared/export/recordOfAgreement';
import { bracketSegments } from './bracketSegments';
import { sectionHeadingText } from './exportNumbering';
import { labelsFor, partyName, type ExportOptions } from './exportOptions';
import type { MemoSnapshot, SnapshotClause, SnapshotRun, SnapshotSection } from './memoSnapshot';

/**
 * The memo as Markdown, one block per language (all versions equally
 * authentic). Structure maps one to one so the importer reads it back:
 * first title line `#`, the rest of the title block as plain lines,
 * sections `##`, sub-sections `###`, numbered clauses as an ordered list
 * (further paragraphs indented under their item), unnumbered clauses as
 * paragraphs (a clause's further paragraphs joined by hard breaks `\`).
 * Bracketed variant: contested spans in `\[ … \]` with a footnote naming the
 * party and its reason.
 */
export function markdownExport(snapshot: MemoSnapshot, options: ExportOptions, participants: readonly PartyParticipants[] = []): string {
  const blocks = options.languages.map((lang) => {
    const body = languageBlock(snapshot, options, lang, participants);
    return options.languages.length > 1 ? `<!-- accord:language ${lang} -->\n\n${body}` : body;
  });
  return blocks.join('\n\n---\n\n').trimEnd() + '\n';
}

function languageBlock(snapshot: MemoSnapshot, options: ExportOptions, lang: string, participants: readonly PartyParticipants[]): string {
  const labels = labelsFor(lang);
  const out: string[] = [];
  const footnotes: string[] = [];
  const note = (text: string): string => {
    footnotes.push(text);
    return `[^${footnotes.length}]`;
  };
  const [first, ...rest] = snapshot.titleBlock[lang] ?? [];
  out.push(`# ${escapeInline(first ?? snapshot.title)}`);
  for (const line of rest) out.push(escapeLine(line));
  if (options.variant === 'clean' && snapshot.contestedCount > 0) out.push(`> **${escapeInline(labels.draft(snapshot.contestedCount))}**`);

  const inline = (runs: readonly SnapshotRun[]): string => {
    if (options.variant === 'clean') return runs.map(formatRun).join('');
    return bracketSegments(runs)
      .map((s) => (s.kind === 'text' ? formatRun(s.run) : s.kind === 'open' ? '\\[' : `\\]${note(bracketNote(s.bracket))}`))
      .join('');
  };
  const bracketNote = (b: BracketAttrs): string => labels.contestedBy(partyName(snapshot.parties, b.party, lang), b.reason);
  const clauseText = (clause: SnapshotClause): string[] => {
    const paragraphs = (clause.text[lang] ?? []).map((runs) => protectLineStart(inline(runs)));
    if (options.variant === 'bracketed' && paragraphs.length > 0) {
      for (const c of clause.contests) paragraphs[paragraphs.length - 1] += note(labels.clauseContestedBy(partyName(snapshot.parties, c.partyId, lang), c.reason));
    }
    return paragraphs.length > 0 ? paragraphs : [''];
  };

  const section = (s: SnapshotSection): void => {
    const title = s.title[lang] ?? '';
    if (title || s.clauses.length > 0 || s.subsections.length > 0) out.push(`${s.level === 1 ? '##' : '###'} ${escapeInline(sectionHeadingText(s, lang))}`.trimEnd());
    for (const clause of s.clauses) {
      const [head = '', ...more] = clauseText(clause);
      if (clause.number !== null) {
        const marker = `${clause.number}. `;
        const indent = ' '.repeat(marker.length);
        out.push([`${marker}${head}`, ...more.map((p) => `${indent}${p}`)].join('\n\n'));
      } else {
        out.push([head, ...more].join('\\\n'));
      }
    }
    s.subsections.forEach(section);
  };
  snapshot.sections.forEach(section);

  for (const group of participants) {
    out.push(`## ${escapeInline(labels.participants(group.partyName[lang] ?? group.partyName.en ?? group.partyId))}`);
    out.push(group.people.map((p) => `- ${escapeInline(p.name)}`).join('\n'));
  }
  if (footnotes.length > 0) out.push(footnotes.map((f, i) => `[^${i + 1}]: ${escapeInline(f)}`).join('\n'));
  return out.join('\n\n');
}

function formatRun(run: SnapshotRun): string {
  const text = escapeInline(run.text);
  if (text.trim() === '') return text;
  // Markdown emphasis may not start or end with whitespace: keep the spaces outside the markers.
  const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text)!;
  const mark = run.bold && run.italic ? '***' : run.bold ? '**' : run.italic ? '*' : '';
  return `${lead}${mark}${core}${mark}${trail}`;
}

/** Escapes the characters Markdown would read as syntax inside a line. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

// A paragraph must not start with something Markdown reads as a block (heading, list, quote, rule).
function protectLineStart(text: string): string {
  return text.replace(/^(\s*)(#|>|-|\+|=|(\d+)([.)]))/, (_m, space: string, token: string, digits?: string, sep?: string) =>
    digits !== undefined ? `${space}${digits}\\${sep}` : `${space}\\${token}`,
  );
}

function escapeLine(text: string): string {
  return protectLineStart(escapeInline(text));
}
