import type { BracketAttrs } from '@accord/shared/memo/agreement';
import { clauseMarker } from '@accord/shared/memo/numbering';
import { sectionHeadingText } from './exportNumbering';
import type { PartyParticipants } from '@accord/shared/export/recordOfAgreement';
import { bracketSegments } from './bracketSegments';
import { labelsFor, partyName, type ExportOptions } from './exportOptions';
import type { MemoSnapshot, SnapshotClause, SnapshotRun, SnapshotSection } from './memoSnapshot';

/**
 * The print view: a standalone HTML page of the memo with a print stylesheet
 * (A4, page numbers in the bottom margin via `@page` margin boxes, no editor
 * chrome) that a browser prints to PDF — "Print → Save as PDF", or
 * Playwright's `page.pdf()`. The server never runs a browser; this page is
 * the PDF export. Same layouts and variants as the DOCX: one language, or
 * languages side by side in columns; contested spans in `[ ]` with numbered
 * notes in the bracketed variant.
 */
export function printHtmlExport(snapshot: MemoSnapshot, options: ExportOptions, participants: readonly PartyParticipants[] = []): string {
  const langs = options.languages;
  const notes: string[] = [];
  const note = (text: string): string => {
    notes.push(text);
    return `<sup class="note-ref">${notes.length}</sup>`;
  };
  const run = (r: SnapshotRun): string => {
    let html = escapeHtml(r.text);
    if (r.italic) html = `<em>${html}</em>`;
    if (r.bold) html = `<strong>${html}</strong>`;
    return html;
  };
  const bracketNote = (b: BracketAttrs, lang: string): string => labelsFor(lang).contestedBy(partyName(snapshot.parties, b.party, lang), b.reason);
  const paragraph = (runs: readonly SnapshotRun[], lang: string): string =>
    options.variant === 'clean'
      ? runs.map(run).join('')
      : bracketSegments(runs)
          .map((s) => (s.kind === 'text' ? run(s.run) : s.kind === 'open' ? '<span class="bracket">[</span>' : `<span class="bracket">]</span>${note(bracketNote(s.bracket, lang))}`))
          .join('');
  const clause = (c: SnapshotClause, lang: string): string => {
    const paragraphs = (c.text[lang] ?? [[]]).map((runs) => paragraph(runs, lang));
    if (options.variant === 'bracketed' && paragraphs.length > 0) {
      for (const flag of c.contests) paragraphs[paragraphs.length - 1] += note(labelsFor(lang).clauseContestedBy(partyName(snapshot.parties, flag.partyId, lang), flag.reason));
    }
    const number = c.number !== null ? `<span class="num">${escapeHtml(clauseMarker(c.number, lang))}</span>` : '';
    return `<div class="clause" data-clause="${escapeHtml(c.id)}">${paragraphs.map((p, i) => `<p>${i === 0 ? number : ''}${p}</p>`).join('')}</div>`;
  };
  const row = (cells: string[]): string => `<div class="row" style="grid-template-columns: repeat(${langs.length}, 1fr)">${cells.map((c, i) => `<div lang="${escapeHtml(langs[i]!)}">${c}</div>`).join('')}</div>`;

  const parts: string[] = [];
  parts.push(row(langs.map((l) => `<header class="title-block">${(snapshot.titleBlock[l] ?? [snapshot.title]).map((line, i) => (i === 0 ? `<h1>${escapeHtml(line)}</h1>` : `<p>${escapeHtml(line)}</p>`)).join('')}</header>`)));
  if (options.variant === 'clean' && snapshot.contestedCount > 0) {
    parts.push(`<p class="draft">${langs.map((l) => escapeHtml(labelsFor(l).draft(snapshot.contestedCount))).join(' / ')}</p>`);
  }
  const section = (s: SnapshotSection): void => {
    const tag = s.level === 1 ? 'h2' : 'h3';
    if (langs.some((l) => s.title[l])) parts.push(row(langs.map((l) => `<${tag}>${escapeHtml(sectionHeadingText(s, l))}</${tag}>`)));
    for (const c of s.clauses) parts.push(row(langs.map((l) => clause(c, l))));
    s.subsections.forEach(section);
  };
  snapshot.sections.forEach(section);
  for (const group of participants) {
    parts.push(row(langs.map((l) => `<h2>${escapeHtml(labelsFor(l).participants(group.partyName[l] ?? group.partyName.en ?? group.partyId))}</h2>`)));
    parts.push(`<ul class="participants">${group.people.map((p) => `<li>${escapeHtml(p.name)}</li>`).join('')}</ul>`);
  }
  if (notes.length > 0) parts.push(`<ol class="notes">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ol>`);

  return `<!doctype html>
<html lang="${escapeHtml(langs[0]!)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(snapshot.title)}</title>
<style>${PRINT_CSS}</style>
</head>
<body>
<main class="memo ${options.variant}">
${parts.join('\n')}
</main>
</body>
</html>
`;
}

/** The print stylesheet: A4, page numbers in the footer margin, clauses never split from their number. */
export const PRINT_CSS = `
@page { size: A4; margin: 22mm 18mm 24mm; @bottom-center { content: counter(page) " / " counter(pages); font: 9pt serif; color: #555; } }
html { font-family: "Times New Roman", "Noto Serif CJK SC", "Songti SC", SimSun, serif; font-size: 11pt; line-height: 1.5; color: #000; background: #fff; }
body { margin: 0; }
main { max-width: 180mm; margin: 0 auto; padding: 12mm 0; }
@media print { main { padding: 0; max-width: none; } }
.row { display: grid; column-gap: 8mm; }
.title-block { text-align: center; margin-bottom: 10mm; }
.title-block h1 { font-size: 18pt; margin: 0 0 4mm; }
.title-block p { margin: 1mm 0; }
h2 { font-size: 13pt; margin: 7mm 0 3mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; break-after: avoid; }
.clause p { margin: 0 0 2.5mm; text-align: justify; }
.clause { break-inside: avoid-page; }
.num { display: inline-block; min-width: 7mm; }
.bracket { font-weight: bold; }
.note-ref { font-size: 7pt; }
.draft { text-align: center; font-weight: bold; color: #b91c1c; border: 1px solid #b91c1c; padding: 2mm; }
.notes { font-size: 9pt; border-top: 1px solid #999; margin-top: 8mm; padding-top: 3mm; }
.participants { list-style: none; padding: 0; columns: 2; }
`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
