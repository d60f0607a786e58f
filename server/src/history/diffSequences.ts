/** One step of an edit script between two sequences. */
export type DiffOp = { op: 'equal'; a: number; b: number } | { op: 'delete'; a: number } | { op: 'insert'; b: number };

/** Run kinds of {@link DiffRuns}. */
export const RUN_EQUAL = 0;
export const RUN_DELETE = 1;
export const RUN_INSERT = 2;

/**
 * An edit script as runs, four numbers each: kind (RUN_EQUAL, RUN_DELETE,
 * RUN_INSERT), start in `a`, start in `b`, length. A 1,000-clause compare
 * diffs hundreds of thousands of characters: one object per character was
 * most of its cost (allocation and garbage collection), runs are a few per
 * edit.
 */
export type DiffRuns = number[];

/**
 * Myers' O(ND) difference of two sequences (E. Myers, "An O(ND) Difference
 * Algorithm and Its Variations", 1986): the shortest edit script turning `a`
 * into `b`, as equal/delete/insert steps in order. Used for clause order (ids);
 * clause text uses {@link diffTextRuns}, the same script as runs.
 */
export function diffSequences<T>(a: ArrayLike<T>, b: ArrayLike<T>): DiffOp[] {
  // Compare small integers, not values: equal values get the same code.
  const codes = new Map<T, number>();
  const code = (value: T): number => {
    let c = codes.get(value);
    if (c === undefined) codes.set(value, (c = codes.size));
    return c;
  };
  const ca = Int32Array.from({ length: a.length }, (_, i) => code(a[i]!));
  const cb = Int32Array.from({ length: b.length }, (_, i) => code(b[i]!));
  const ops: DiffOp[] = [];
  const runs = diffRuns(ca, cb);
  for (let r = 0; r < runs.length; r += 4) {
    const [kind, sa, sb, n] = [runs[r]!, runs[r + 1]!, runs[r + 2]!, runs[r + 3]!];
    for (let i = 0; i < n; i += 1) {
      if (kind === RUN_EQUAL) ops.push({ op: 'equal', a: sa + i, b: sb + i });
      else if (kind === RUN_DELETE) ops.push({ op: 'delete', a: sa + i });
      else ops.push({ op: 'insert', b: sb + i });
    }
  }
  return ops;
}

/** The edit script between two strings (their UTF-16 units) as runs. */
export function diffTextRuns(a: string, b: string): DiffRuns {
  const ca = new Int32Array(a.length);
  for (let i = 0; i < a.length; i += 1) ca[i] = a.charCodeAt(i);
  const cb = new Int32Array(b.length);
  for (let i = 0; i < b.length; i += 1) cb[i] = b.charCodeAt(i);
  return diffRuns(ca, cb);
}

/**
 * Common prefix and suffix are stripped first, so a typical clause edit costs
 * little more than its length; the middle is Myers' greedy forward pass.
 */
function diffRuns(a: Int32Array, b: Int32Array): DiffRuns {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) (endA -= 1), (endB -= 1);

  const out = new RunWriter();
  out.push(RUN_EQUAL, 0, 0, start);
  middle(a, b, start, endA, start, endB, out);
  out.push(RUN_EQUAL, endA, endB, a.length - endA);
  return out.runs;
}

/** Appends runs in order, merging a run into the previous one when it continues it. */
class RunWriter {
  readonly runs: DiffRuns = [];

  push(kind: number, a: number, b: number, length: number): void {
    if (length <= 0) return;
    const r = this.runs;
    const last = r.length - 4;
    if (last >= 0 && r[last] === kind && r[last + 1]! + (kind === RUN_INSERT ? 0 : r[last + 3]!) === a && r[last + 2]! + (kind === RUN_DELETE ? 0 : r[last + 3]!) === b) {
      r[last + 3] = r[last + 3]! + length;
      return;
    }
    r.push(kind, a, b, length);
  }
}

// The greedy forward pass, keeping each round's frontier to walk the path back.
function middle(a: Int32Array, b: Int32Array, a0: number, a1: number, b0: number, b1: number, out: RunWriter): void {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 && m === 0) return;
  if (n === 0) return out.push(RUN_INSERT, a0, b0, m);
  if (m === 0) return out.push(RUN_DELETE, a0, b0, n);
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d += 1) {
    // Round d reads only diagonals -d..d of the previous frontier: keep just those (memory O(D²), not O(D·(N+M))).
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[a0 + x] === b[b0 + y]) (x += 1), (y += 1);
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  // Walk back from (n, m) through the recorded frontiers, collecting runs backwards.
  const back: number[] = [];
  const step = (kind: number, x: number, y: number, length: number): void => {
    if (length <= 0) return;
    const last = back.length - 4;
    // Walking backwards, a run continues the previous one when it ends where that one starts.
    if (last >= 0 && back[last] === kind && x + (kind === RUN_INSERT ? 0 : length) === back[last + 1] && y + (kind === RUN_DELETE ? 0 : length) === back[last + 2]) {
      back[last + 1] = x;
      back[last + 2] = y;
      back[last + 3] = back[last + 3]! + length;
    } else back.push(kind, x, y, length);
  };
  let x = n;
  let y = m;
  for (let d = found; d > 0; d -= 1) {
    const prev = trace[d]!; // prev[j] is diagonal j - d
    const k = x - y;
    const down = k === -d || (k !== d && prev[k - 1 + d]! < prev[k + 1 + d]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[prevK + d]!;
    const prevY = prevX - prevK;
    const snake = Math.min(x - prevX, y - prevY);
    if (snake > 0) {
      x -= snake;
      y -= snake;
      step(RUN_EQUAL, a0 + x, b0 + y, snake);
    }
    if (down) {
      y -= 1;
      step(RUN_INSERT, a0 + x, b0 + y, 1);
    } else {
      x -= 1;
      step(RUN_DELETE, a0 + x, b0 + y, 1);
    }
  }
  if (x > 0 && y > 0) step(RUN_EQUAL, a0, b0, Math.min(x, y));
  for (let r = back.length - 4; r >= 0; r -= 4) out.push(back[r]!, back[r + 1]!, back[r + 2]!, back[r + 3]!);
}
