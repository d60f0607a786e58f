/** What a watched cell is told as the reader scrolls. */
export interface VisibilityCallbacks {
  /** The cell came within the near margin of the viewport: time to mount its editor. */
  onNear: () => void;
  /** The cell went beyond the far margin: its editor may be released. */
  onFar: () => void;
}

/** Options of {@link VisibilityWatcher}: its margins (the gap between them keeps editors from flapping), budget and wait. */
export interface VisibilityOptions {
  near: string;
  far: string;
  /** Milliseconds of main-thread time per frame spent on "near" notifications (each mounts an editor). */
  frameBudgetMs: number;
  /**
   * Milliseconds the page must have gone without scrolling before "near"
   * notifications are delivered (0: while scrolling too), waiting at most
   * {@link MAX_SETTLE_WAIT_MS}. See {@link VisibilityWatcher}.
   */
  settleMs: number;
}

/** However long the scrolling goes on (a reader's steady wheel or trackpad), waiting notifications are delivered after this long. */
const MAX_SETTLE_WAIT_MS = 1000;

// Small margins: the static text is what a reader sees anyway, and a click or focus mounts an editor at once; every mounted editor costs main-thread time to create.
// Editors wait for the scrolling to stop: a cell shows the same text meanwhile, and a click mounts its editor at once.
const DEFAULT_OPTIONS: VisibilityOptions = { near: '300px 0px', far: '1500px 0px', frameBudgetMs: 10, settleMs: 120 };

/** At most this many cells mount their editor before the memo's first frame: the first clause row or two. */
const OPENING_EDITORS = 4;

/**
 * Two shared IntersectionObservers for all the cells of a memo, so a
 * thousand-clause memo keeps only the editors near the viewport alive.
 *
 * - "near" notifications are queued and delivered a few per animation
 *   frame within a time budget: a fast scroll never freezes the page while
 *   dozens of editors mount (cells show static text meanwhile);
 * - "far" notifications (beyond a wider margin) are delivered at once, so
 *   the cell can release its editor. The wide gap between the margins means
 *   a cell scrolled back and forth a little keeps its editor;
 * - with `settleMs`, "near" notifications wait until the page has not
 *   scrolled for that long (or for {@link MAX_SETTLE_WAIT_MS} since they
 *   first waited, for a reader who never stops). Mounting an editor forces a style and layout
 *   pass (ProseMirror reads the DOM selection as its view is configured);
 *   during a fast scroll through a big memo, editors mounting for rows that
 *   were on screen for a frame or two took most of the main thread and made
 *   frames of 50–250 ms.
 *
 * Several watchers may share one target (the language cells of a row watch
 * the row: side by side, they come near and go far together). The browser
 * recomputes every observed target on every frame whose layout changed —
 * every keystroke — so one observation per row instead of one per cell
 * halves that cost.
 */
export class VisibilityWatcher {
  private readonly near: IntersectionObserver | null;
  private readonly far: IntersectionObserver | null;
  private readonly callbacks = new Map<Element, Set<VisibilityCallbacks>>();
  /** The targets within the near margin as last reported (a watcher joining a shared target hears it at once). */
  private readonly nearNow = new Set<Element>();
  private readonly queue: Element[] = [];
  private frame: number | null = null;
  private readonly budget: number;
  /** Whether any "near" notification has been delivered yet (the memo has just opened while false). */
  private opened = false;
  /** Cells that mounted at once while the memo opened ({@link opensOnScreen}), and how many. */
  private readonly openedOnScreen = new WeakSet<Element>();
  private openedCount = 0;
  private readonly settleMs: number;
  /** When the page last scrolled (any scroller), while `settleMs` > 0. */
  private lastScrollAt = -Infinity;
  /** When queued notifications first had to wait for the scrolling to stop (null: none waiting). */
  private waitingSince: number | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  /** Whether the scroll listener is attached: from the first `watch` to `disconnect` (React's development double effects disconnect a watcher and use it again). */
  private hearingScrolls = false;
  private readonly onScroll = (): void => {
    this.lastScrollAt = performance.now();
  };

  constructor(options: VisibilityOptions = DEFAULT_OPTIONS) {
    this.budget = options.frameBudgetMs;
    this.settleMs = options.settleMs;
    const supported = typeof IntersectionObserver !== 'undefined';
    this.near = supported ? new IntersectionObserver((records) => this.onNear(records), { rootMargin: options.near }) : null;
    this.far = supported ? new IntersectionObserver((records) => this.onFar(records), { rootMargin: options.far }) : null;
  }

  /** Starts reporting on `element`. Returns the function that stops it. */
  watch(element: Element, callbacks: VisibilityCallbacks): () => void {
    if (this.settleMs > 0 && !this.hearingScrolls) {
      // Capture: scroll events do not bubble, and the memo may scroll inside an element.
      window.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
      this.hearingScrolls = true;
    }
    if (!this.near || !this.far) {
      // No IntersectionObserver (a very old browser or a test DOM): everything counts as near.
      queueMicrotask(callbacks.onNear);
      return () => undefined;
    }
    const shared = this.callbacks.get(element);
    if (shared) {
      shared.add(callbacks);
      // The observer reported this target before this watcher joined, and will not again until it moves.
      if (this.nearNow.has(element) && !this.queue.includes(element)) {
        this.queue.push(element);
        this.schedule();
      }
    } else {
      this.callbacks.set(element, new Set([callbacks]));
      this.near.observe(element);
      this.far.observe(element);
    }
    return () => {
      const watching = this.callbacks.get(element);
      if (!watching?.delete(callbacks) || watching.size > 0) return;
      this.callbacks.delete(element);
      this.nearNow.delete(element);
      this.near?.unobserve(element);
      this.far?.unobserve(element);
      const queued = this.queue.indexOf(element);
      if (queued >= 0) this.queue.splice(queued, 1);
    };
  }

  /**
   * Whether a cell just rendered while the memo opens should mount its
   * editor at once, before the first frame: true for the first
   * {@link OPENING_EDITORS} cells found on screen before any "near"
   * notification was delivered. They skip the round trip through a painted
   * frame and the observer's report, which kept the first clause read-only
   * for 250–350 ms after its text showed.
   */
  opensOnScreen(element: Element): boolean {
    // Asked again for the same cell (React's development double effects): the same answer.
    if (this.openedOnScreen.has(element)) return true;
    if (this.opened || this.openedCount >= OPENING_EDITORS) return false;
    const rect = element.getBoundingClientRect();
    if (rect.bottom <= 0 || rect.top >= window.innerHeight || rect.height === 0) return false;
    this.openedOnScreen.add(element);
    this.openedCount += 1;
    return true;
  }

  /** Stops everything (the memo page is closing). */
  disconnect(): void {
    this.near?.disconnect();
    this.far?.disconnect();
    this.callbacks.clear();
    this.nearNow.clear();
    this.queue.length = 0;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    if (this.settleTimer !== null) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    this.waitingSince = null;
    if (this.hearingScrolls) window.removeEventListener('scroll', this.onScroll, { capture: true });
    this.hearingScrolls = false;
  }

  private onNear(records: IntersectionObserverEntry[]): void {
    for (const record of records) {
      if (record.isIntersecting) this.nearNow.add(record.target);
      else this.nearNow.delete(record.target);
      const queued = this.queue.indexOf(record.target);
      if (record.isIntersecting && queued < 0) this.queue.push(record.target);
      else if (!record.isIntersecting && queued >= 0) this.queue.splice(queued, 1);
    }
    // Cells actually on screen first, then the rest in document order.
    this.queue.sort((a, b) => distanceFromViewport(a) - distanceFromViewport(b));
    // The memo has just opened: its first batch mounts now, not a frame later
    // (the observer reports after a frame was drawn). Only the first: later
    // batches wait for a frame (and for the scrolling to stop), so a section
    // jump already under way (which re-aims frame by frame) sees the heights
    // change before it settles.
    if (!this.opened && this.frame === null && this.msUntilStill() <= 0) this.deliver();
    this.schedule();
  }

  /** Milliseconds left before waiting notifications may be delivered (≤ 0: now): the page is still, or they have waited long enough. */
  private msUntilStill(): number {
    const now = performance.now();
    const still = this.lastScrollAt + this.settleMs - now;
    if (still <= 0) return still;
    this.waitingSince ??= now;
    return Math.min(still, this.waitingSince + MAX_SETTLE_WAIT_MS - now);
  }

  private onFar(records: IntersectionObserverEntry[]): void {
    for (const record of records) {
      if (record.isIntersecting) continue;
      for (const callbacks of this.callbacks.get(record.target) ?? []) callbacks.onFar();
    }
  }

  private schedule(): void {
    if (this.queue.length === 0) this.waitingSince = null;
    if (this.frame !== null || this.settleTimer !== null || this.queue.length === 0) return;
    const wait = this.msUntilStill();
    if (wait > 0) {
      this.settleTimer = setTimeout(() => {
        this.settleTimer = null;
        this.schedule();
      }, wait);
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      // The page scrolled since this frame was asked for: wait for it to stop again.
      if (this.msUntilStill() <= 0) this.deliver();
      this.schedule();
    });
  }

  /** Delivers queued "near" notifications: at least one, then as many as the frame budget allows. */
  private deliver(): void {
    this.opened = true;
    this.waitingSince = null;
    const start = performance.now();
    do {
      const element = this.queue.shift();
      if (!element) break;
      for (const callbacks of this.callbacks.get(element) ?? []) callbacks.onNear();
    } while (this.queue.length > 0 && performance.now() - start < this.budget);
  }
}

function distanceFromViewport(element: Element): number {
  const rect = element.getBoundingClientRect();
  if (rect.bottom < 0) return -rect.bottom;
  if (rect.top > window.innerHeight) return rect.top - window.innerHeight;
  return 0;
}
