import { VisibilityWatcher, type VisibilityCallbacks } from '../editor/VisibilityWatcher';

/** Options of the row window: wide margins (sections are long, a section near the viewport already holds a screenful or more), and sections turn whole while scrolling (a reader sees the agreement lines). */
const ROW_OPTIONS = { near: '400px 0px', far: '1600px 0px', frameBudgetMs: 8, settleMs: 0 } as const;

/** Pixels per line of clause text (1.0625rem × 1.75 line height) and what a row adds around its text (padding, agreement line). */
const LINE_PX = 30;
const ROW_EXTRA_PX = 44;
/** Characters per line of a language column, by script: full-width CJK characters take about twice the room of Latin ones. */
const CJK_CHARS_PER_LINE = 30;
const LATIN_CHARS_PER_LINE = 62;
const CJK = /[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/g;

/**
 * Which sections of a big memo have their clause rows rendered whole
 * (ClauseRow: editors, controls, agreement line) and which as light
 * placeholders (the static text in the same grid, skipped by layout while
 * off screen). A thousand whole rows cost seconds to render and lay out and
 * made every keystroke re-lay the page out; only rows near the viewport need
 * to be whole.
 *
 * Sections (not rows: a thousand observed targets cost milliseconds per
 * frame) are watched by a {@link VisibilityWatcher} of their own with wide
 * margins (whole within 400 px of the viewport, placeholders again beyond
 * 1600 px, one section or a few per frame). The window remembers which
 * sections are whole, so a block re-created by React (the memo reopened)
 * starts whole, and the height their rows had, so the placeholders keep it.
 */
export class RowWindow {
  private readonly watcher = new VisibilityWatcher(ROW_OPTIONS);
  private readonly whole = new Map<string, number>();
  private readonly heights = new Map<string, number>();
  private readonly opening = new Set<string>();

  /** Starts reporting on a section element (see {@link VisibilityWatcher.watch}). */
  watch(element: Element, callbacks: VisibilityCallbacks): () => void {
    return this.watcher.watch(element, callbacks);
  }

  /** True while some rendered block of this section has its rows whole. */
  isWhole(sectionId: string): boolean {
    return (this.whole.get(sectionId) ?? 0) > 0;
  }

  /**
   * Marks the sections that open the memo (its first screen) to start whole:
   * the memo opens at its top, and waiting for the observer to say so costs
   * a frame, an observer round and a second render before the first clause
   * can be edited. The observer corrects them if the page opened elsewhere.
   */
  startWhole(sectionIds: Iterable<string>): void {
    for (const id of sectionIds) this.opening.add(id);
  }

  /** Whether a section was marked by {@link startWhole}; answers true once. */
  takeOpening(sectionId: string): boolean {
    return this.opening.delete(sectionId);
  }

  /** True if some section has its rows whole (the memo has been shown in this page before). */
  hasWholeRows(): boolean {
    return this.whole.size > 0;
  }

  /** Records that a section's rows are rendered whole; returns the function that takes it back. */
  holdWhole(sectionId: string): () => void {
    this.whole.set(sectionId, (this.whole.get(sectionId) ?? 0) + 1);
    return () => {
      const left = (this.whole.get(sectionId) ?? 1) - 1;
      if (left > 0) this.whole.set(sectionId, left);
      else this.whole.delete(sectionId);
    };
  }

  /** Remembers the height a section's rows had while whole, for when they are placeholders. */
  rememberHeight(sectionId: string, px: number): void {
    if (px > 0) this.heights.set(sectionId, px);
  }

  /** The height a section's rows had when last whole, if they were. */
  knownHeight(sectionId: string): number | undefined {
    return this.heights.get(sectionId);
  }

  /** An estimate of a whole clause row's height from its texts, one per language (the tallest column wins). */
  estimateHeight(texts: readonly string[]): number {
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
