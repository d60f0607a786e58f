import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { BracketAttrs } from '@accord/shared/memo/agreement';
import type { PartyParticipants, RecordOfAgreement } from '@accord/shared/export/recordOfAgreement';
import { numberingStyleFor } from '@accord/shared/memo/numbering';
import { bracketSegments } from './bracketSegments';
import { clauseNumberPrefix, sectionHeadingText } from './exportNumbering';
import { labelsFor, partyName, type ExportOptions } from './exportOptions';
import type { MemoSnapshot, SnapshotClause, SnapshotRun, SnapshotSection } from './memoSnapshot';

/**
 * Paragraph style ids the export writes and the importer reads back: a
 * clause's first paragraph, and its further paragraphs (so a multi-paragraph
 * clause stays one clause on re-import), and the annex heading (the importer
 * stops reading memo text there).
 */
export const DOCX_STYLE = { clause: 'AccordClause', continuation: 'AccordClauseContinuation', annex: 'AccordAnnexHeading' } as const;
/** The numbering definition of numbered clauses; each numbered section (and column) restarts it. */
export const DOCX_CLAUSE_NUMBERING = 'accord-clauses';
/** The same for a Chinese version: `1、` as on the memo page (shared/memo/numbering.ts). */
export const DOCX_CLAUSE_NUMBERING_ZH = 'accord-clauses-zh';

/** The Word numbering definition of a language version's clauses. */
function clauseNumberingFor(lang: string): string {
  return numberingStyleFor(lang) === 'zh' ? DOCX_CLAUSE_NUMBERING_ZH : DOCX_CLAUSE_NUMBERING;
}

/** Everything a DOCX export may include besides the memo text. */
export interface DocxExtras {
  participants?: readonly PartyParticipants[];
  /** When given, appended as the "record of agreement" annex. */
  record?: RecordOfAgreement | null;
}

/**
 * The memo as a Word document both delegations can circulate: title block,
 * headings, numbered clauses (Word numbering restarting per section; side
 * by side the numbers are written out), page numbers in the footer.
 * One language, or several side by side in a table
 * (one column per language, all versions equally authentic). The bracketed
 * variant shows contested spans in `[ ]` with a footnote naming the party and
 * reason; the clean variant drops brackets and is headed "draft" when any
 * clause is still contested.
 */
export async function docxExport(snapshot: MemoSnapshot, options: ExportOptions, extras: DocxExtras = {}): Promise<Buffer> {
  const builder = new DocxBuilder(snapshot, options);
  const children = builder.body();
  if (extras.participants && extras.participants.length > 0) children.push(...builder.participants(extras.participants));
  if (extras.record) children.push(...builder.recordAnnex(extras.record));
  const document = new Document({
    creator: 'Accord',
    title: snapshot.title,
    styles: {
      default: { document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun' }, size: 22 } } },
      paragraphStyles: [
        { id: DOCX_STYLE.clause, name: 'Accord Clause', basedOn: 'Normal', next: DOCX_STYLE.clause, paragraph: { spacing: { after: 120 } } },
        { id: DOCX_STYLE.annex, name: 'Accord Annex Heading', basedOn: 'Heading1', next: 'Normal', run: { bold: true, size: 28 } },
        {
          id: DOCX_STYLE.continuation,
          name: 'Accord Clause Continuation',
          basedOn: 'Normal',
          next: DOCX_STYLE.clause,
          paragraph: { spacing: { after: 120 }, indent: { left: 360 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: DOCX_CLAUSE_NUMBERING,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 360, hanging: 360 } } } }],
        },
        {
          reference: DOCX_CLAUSE_NUMBERING_ZH,
          levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1、', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 420, hanging: 420 } } } }],
        },
      ],
    },
    footnotes: builder.footnotes,
    sections: [
      {
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES] })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

type Block = Paragraph | Table;

class DocxBuilder {
  readonly footnotes: Record<number, { children: Paragraph[] }> = {};
  private nextFootnote = 1;
  private nextInstance = 1;

  constructor(
    private readonly snapshot: MemoSnapshot,
    private readonly options: ExportOptions,
  ) {}

  body(): Block[] {
    const { snapshot, options } = this;
    const langs = options.languages;
    const out: Block[] = [];
    const sideBySide = langs.length > 1;
    if (sideBySide) out.push(this.table(langs.map((l) => this.titleBlock(l))));
    else out.push(...this.titleBlock(langs[0]!));
    if (options.variant === 'clean' && snapshot.contestedCount > 0) {
      out.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: langs.map((l, i) => new TextRun({ text: (i > 0 ? ' / ' : '') + labelsFor(l).draft(snapshot.contestedCount), bold: true, color: 'B91C1C' })),
        }),
      );
    }
    const section = (s: SnapshotSection): void => {
      const heading = s.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2;
      const hasTitle = langs.some((l) => (s.title[l] ?? '') !== '');
      if (sideBySide) {
        // Side by side, numbers are written out: one Word numbering instance per section and column
        // makes the docx library (and Word) slow on long memos, and each row shows its number anyway.
        const rows: Paragraph[][][] = [];
        if (hasTitle) rows.push(langs.map((l) => [new Paragraph({ heading, children: [new TextRun(sectionHeadingText(s, l))] })]));
        for (const clause of s.clauses) rows.push(langs.map((l) => this.clause(clause, l, null)));
        if (rows.length > 0) out.push(this.tableRows(rows));
      } else {
        const lang = langs[0]!;
        if (hasTitle) out.push(new Paragraph({ heading, children: [new TextRun(sectionHeadingText(s, lang))] }));
        // Word numbering restarts per section: one instance each.
        const instance = s.numbered ? this.nextInstance++ : 0;
        for (const clause of s.clauses) out.push(...this.clause(clause, lang, instance));
      }
      s.subsections.forEach(section);
    };
    snapshot.sections.forEach(section);
    return out;
  }

  participants(groups: readonly PartyParticipants[]): Block[] {
    const langs = this.options.languages;
    const out: Block[] = [];
    for (const group of groups) {
      const heading = (l: string): Paragraph =>
        new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(labelsFor(l).participants(group.partyName[l] ?? group.partyName.en ?? group.partyId))] });
      const people = group.people.map((p) => new Paragraph({ children: [new TextRun(p.name)] }));
      if (langs.length > 1) out.push(this.table(langs.map((l) => [heading(l)])), ...people);
      else out.push(heading(langs[0]!), ...people);
    }
    return out;
  }

  recordAnnex(record: RecordOfAgreement): Block[] {
    const lang = this.options.languages[0]!;
    const labels = labelsFor(lang);
    const cols = labels.recordColumns;
    const cell = (text: string, bold = false, size?: number): TableCell =>
      new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, ...(size ? { size } : {}) })] })] });
    const header = new TableRow({ tableHeader: true, children: [cols.clause, cols.status, cols.party, cols.signatory, cols.hash, cols.time].map((t) => cell(t, true)) });
    const sectionTitles = new Map<string, string>();
    const collect = (s: SnapshotSection): void => {
      sectionTitles.set(s.id, s.title[lang] ?? '');
      s.subsections.forEach(collect);
    };
    this.snapshot.sections.forEach(collect);
    const rows: TableRow[] = [header];
    for (const clause of record.clauses) {
      const name = [sectionTitles.get(clause.sectionId), clause.number !== null ? `${clause.number}` : null].filter(Boolean).join(' ') || clause.clauseId;
      const status = labels.status[clause.status] ?? clause.status;
      const signatures = clause.signatures.length > 0 ? clause.signatures : [null];
      for (const s of signatures) {
        rows.push(
          new TableRow({
            children: [
              cell(name),
              cell(status + (s?.stale ? ' (stale)' : '')),
              cell(s ? partyName(record.parties, s.partyId, lang) : '—'),
              cell(s ? s.signatory.name : '—'),
              cell(s ? s.hash : clause.hash, false, 14),
              cell(s ? s.at : clause.locked?.at ?? '—'),
            ],
          }),
        );
      }
    }
    return [
      new Paragraph({ style: DOCX_STYLE.annex, pageBreakBefore: true, children: [new TextRun(labels.recordTitle)] }),
      new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
    ];
  }

  private titleBlock(lang: string): Paragraph[] {
    const [first, ...rest] = this.snapshot.titleBlock[lang] ?? [this.snapshot.title];
    return [
      new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(first ?? '')] }),
      ...rest.map((line) => new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(line)] })),
    ];
  }

  /** A clause's paragraphs; `instance` null writes its number as text (side by side). */
  private clause(clause: SnapshotClause, lang: string, instance: number | null): Paragraph[] {
    const paragraphs = clause.text[lang] && clause.text[lang].length > 0 ? clause.text[lang] : [[]];
    return paragraphs.map((runs, i) => {
      const children = this.runs(runs, lang);
      if (this.options.variant === 'bracketed' && i === paragraphs.length - 1) {
        for (const c of clause.contests) children.push(this.footnote(labelsFor(lang).clauseContestedBy(partyName(this.snapshot.parties, c.partyId, lang), c.reason)));
      }
      const numbered = i === 0 && clause.number !== null;
      if (numbered && instance === null) children.unshift(new TextRun(clauseNumberPrefix(clause.number!, lang)));
      return new Paragraph({
        style: i === 0 ? DOCX_STYLE.clause : DOCX_STYLE.continuation,
        ...(numbered && instance !== null ? { numbering: { reference: clauseNumberingFor(lang), level: 0, instance } } : {}),
        children,
      });
    });
  }

  private runs(runs: readonly SnapshotRun[], lang: string): Array<TextRun | FootnoteReferenceRun> {
    const text = (run: SnapshotRun): TextRun => new TextRun({ text: run.text, bold: run.bold, italics: run.italic });
    if (this.options.variant === 'clean') return runs.map(text);
    return bracketSegments(runs).flatMap((s) => {
      if (s.kind === 'text') return [text(s.run)];
      if (s.kind === 'open') return [new TextRun('[')];
      return [new TextRun(']'), this.footnote(this.bracketNote(s.bracket, lang))];
    });
  }

  private bracketNote(b: BracketAttrs, lang: string): string {
    return labelsFor(lang).contestedBy(partyName(this.snapshot.parties, b.party, lang), b.reason);
  }

  private footnote(text: string): FootnoteReferenceRun {
    const id = this.nextFootnote++;
    this.footnotes[id] = { children: [new Paragraph({ children: [new TextRun(text)] })] };
    return new FootnoteReferenceRun(id);
  }

  private table(columns: Paragraph[][]): Table {
    return this.tableRows([columns]);
  }

  private tableRows(rows: Paragraph[][][]): Table {
    const width = Math.floor(100 / Math.max(1, rows[0]?.length ?? 1));
    const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
      rows: rows.map(
        (cells) =>
          new TableRow({
            cantSplit: false,
            children: cells.map((children) => new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: children.length > 0 ? children : [new Paragraph('')] })),
          }),
      ),
    });
  }
}
