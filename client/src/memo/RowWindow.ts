import { VisibilityWatcher, type VisibilityCallbacks } from '../editor/VisibilityWatcher';

/** Margins of the row window: wider than the cells' (800 / 2400 px), so a row is whole before its cells mount editors. */
const ROW_MARGINS = { near: '1200px 0px', far: '3600px 0px', frameBudgetMs: 8 } as const;

/** Pixels per line of clause text (1.0625rem × 1.75 line height) and what a row adds around its text (padding, agreement line). */
const LINE_PX = 30;
const ROW_EXTRA_PX = 44;
/** Characters per line of a language column, by script: full-width CJK characters take about twice the room of Latin ones. */
const CJK_CHARS_PER_LINE = 30;
const LATIN_CHARS_PER_LINE = 62;
const CJK = /[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/g;

/**
 * Which clause rows of an open memo are rendered whole (ClauseRow: cells,
 * controls, agreement line) and which as a light placeholder (the plain text
 * in the same grid, skipped by layout while off screen). A thousand whole
 * rows cost seconds to render and lay out and make every keystroke re-lay
 * the page out; only rows near the viewport need to be whole.
 *
 * Rows are watched by a {@link VisibilityWatcher} of their own with wide
 * margins (whole within 1200 px of the viewport, placeholder again beyond
 * 3600 px, a few rows per frame). The window remembers which rows are whole,
 * so a row re-created by React (moved to another section, the memo reopened)
 * starts whole, and the height a row had, so its placeholder keeps it.
 */
export class RowWindow {
  private readonly watcher = new VisibilityWatcher(ROW_MARGINS);
  private readonly whole = new Map<string, number>();
  private readonly heights = new Map<string, number>();

  /** Starts reporting on a row element (see {@link VisibilityWatcher.watch}). */
  watch(element: Element, callbacks: VisibilityCallbacks): () => void {
    return this.watcher.watch(element, callbacks);
  }

  /** True while some rendered row of this clause is whole. */
  isWhole(clauseId: string): boolean {
    return (this.whole.get(clauseId) ?? 0) > 0;
  }

  /** True if some clause row is rendered whole (the memo has been shown in this page before). */
  hasWholeRows(): boolean {
    return this.whole.size > 0;
  }

  /** Records that a row of this clause is rendered whole; returns the function that takes it back. */
  holdWhole(clauseId: string): () => void {
    this.whole.set(clauseId, (this.whole.get(clauseId) ?? 0) + 1);
    return () => {
      const left = (this.whole.get(clauseId) ?? 1) - 1;
      if (left > 0) this.whole.set(clauseId, left);
      else this.whole.delete(clauseId);
    };
  }

  /** Remembers the height a whole row had, for its placeholder. */
  rememberHeight(clauseId: string, px: number): void {
    if (px > 0) this.heights.set(clauseId, px);
  }

  /**
   * The height to reserve for a placeholder: the row's last measured height,
   * else an estimate from its texts (the tallest language column wins).
   */
  estimateHeight(clauseId: string, texts: readonly string[]): number {
    const known = this.heights.get(clauseId);
    if (known !== undefined) return known;
    let lines = 1;
    for (const text of texts) {
      let count = 0;
      for (const paragraph of text.split('\n')) {
        const cjk = paragraph.match(CJK)?.length ?? 0;
        const width = cjk / CJK_CHARS_PER_LINE + (paragraph.length - cjk) / LATIN_CHARS_PER_LINE;
        count += Math.max(1, Math.ceil(width));
      }
      lines = Math.max(lines, count);
    }
    return lines * LINE_PX + ROW_EXTRA_PX;
  }

  /** Stops everything (the memo page is closing). */
  disconnect(): void {
    this.watcher.disconnect();
  }
}
