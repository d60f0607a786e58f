/** One step of an edit script between two sequences. */
export type DiffOp = { op: 'equal'; a: number; b: number } | { op: 'delete'; a: number } | { op: 'insert'; b: number };

/**
 * Myers' O(ND) difference of two sequences (E. Myers, "An O(ND) Difference
 * Algorithm and Its Variations", 1986): the shortest edit script turning `a`
 * into `b`, as equal/delete/insert steps in order. Common prefix and suffix are
 * stripped first, so a typical clause edit costs little more than its length.
 * Used for clause text (a string: its UTF-16 units) and for clause order (ids).
 */
export function diffSequences<T>(a: ArrayLike<T>, b: ArrayLike<T>, equal: (x: T, y: T) => boolean = Object.is): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && equal(a[start]!, b[start]!)) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && equal(a[endA - 1]!, b[endB - 1]!)) (endA -= 1), (endB -= 1);

  const ops: DiffOp[] = [];
  for (let i = 0; i < start; i += 1) ops.push({ op: 'equal', a: i, b: i });
  ops.push(...middle(a, b, start, endA, start, endB, equal));
  for (let i = 0; endA + i < a.length; i += 1) ops.push({ op: 'equal', a: endA + i, b: endB + i });
  return ops;
}

// The greedy forward pass, keeping each round's frontier to walk the path back.
function middle<T>(a: ArrayLike<T>, b: ArrayLike<T>, a0: number, a1: number, b0: number, b1: number, equal: (x: T, y: T) => boolean): DiffOp[] {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 && m === 0) return [];
  if (n === 0) return Array.from({ length: m }, (_, i) => ({ op: 'insert' as const, b: b0 + i }));
  if (m === 0) return Array.from({ length: n }, (_, i) => ({ op: 'delete' as const, a: a0 + i }));
  const max = n + m;
  const offset = max;
  let v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d += 1) {
    // Round d reads only diagonals -d..d of the previous frontier: keep just those (memory O(D²), not O(D·(N+M))).
    trace.push(v.slice(offset - d, offset + d + 1));
    const next = v;
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && equal(a[a0 + x]!, b[b0 + y]!)) (x += 1), (y += 1);
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  // Walk back from (n, m) through the recorded frontiers.
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d -= 1) {
    const prev = trace[d]!; // prev[j] is diagonal j - d
    const k = x - y;
    const down = k === -d || (k !== d && prev[k - 1 + d]! < prev[k + 1 + d]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = prev[prevK + d]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
      ops.push({ op: 'equal', a: a0 + x, b: b0 + y });
    }
    if (down) {
      y -= 1;
      ops.push({ op: 'insert', b: b0 + y });
    } else {
      x -= 1;
      ops.push({ op: 'delete', a: a0 + x });
    }
  }
  while (x > 0 && y > 0) {
    x -= 1;
    y -= 1;
    ops.push({ op: 'equal', a: a0 + x, b: b0 + y });
  }
  return ops.reverse();
}
