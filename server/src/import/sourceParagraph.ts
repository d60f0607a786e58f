/** A run of imported text with the formatting the memo keeps (bold, italic). */
export interface SourceRun {
  text: string;
  bold: boolean;
  italic: boolean;
}

/**
 * What a source format says about a paragraph's role, when it says anything:
 * Word heading styles, Markdown `#` levels, Word's own list numbering, the
 * export's clause styles. `null` leaves the role to the text (numbering
 * recogniser, heading shape) — the only information plain text has.
 */
export type SourceRole = 'title' | 'heading1' | 'heading2' | 'numbered' | 'bullet' | 'clause' | 'continuation' | null;

/** One paragraph of an imported file, before it is given a place in the memo. */
export interface SourceParagraph {
  runs: SourceRun[];
  role: SourceRole;
}

/** The parsed file: its paragraphs, plus what was left out (for the import report). */
export interface ParsedSource {
  paragraphs: SourceParagraph[];
  /** Tables are not memo text (side-by-side layouts, annexes): skipped and counted. */
  skippedTables: number;
}

export const plainRun = (text: string): SourceRun => ({ text, bold: false, italic: false });
export const paragraphText = (p: SourceParagraph): string => p.runs.map((r) => r.text).join('');
