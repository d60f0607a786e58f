import * as Y from 'yjs';
import { AGREEMENT_ROOT } from '@accord/shared/memo/agreement';
import { parseRootName } from '@accord/shared/memo/ydocLayout';
import type { ClauseId } from '@accord/shared/ids';

/**
 * Touch keys: what one committed transaction changed, recorded with its update
 * row so that the revision list ("which clauses changed") is a read of small
 * strings rather than a decode of every Yjs update.
 *
 * A key is a root name (`clause:<id>:<lang>`, `outline`, `title:<lang>`,
 * `section:<id>:<lang>`), or `agreement:<clauseId>` for an entry of the
 * server-written agreement map (sign-offs, locks, contests of that clause).
 */
export function touchedKeys(transaction: Y.Transaction): string[] {
  const keys = new Set<string>();
  const doc = transaction.doc;
  for (const [type, subs] of transaction.changed) {
    let top: Y.AbstractType<any> = type;
    while (top._item !== null) top = top._item.parent as Y.AbstractType<any>;
    const name = rootName(doc, top);
    if (name === null) continue;
    if (name === AGREEMENT_ROOT && top === type) {
      for (const key of subs) if (key !== null) keys.add(`${AGREEMENT_ROOT}:${key}`);
    } else keys.add(name);
  }
  return [...keys].sort();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs types its roots this way
const names = new WeakMap<Y.AbstractType<any>, string>();

// Root types never change identity, so one scan of doc.share per new root is enough.
function rootName(doc: Y.Doc, root: Y.AbstractType<any>): string | null {
  const known = names.get(root);
  if (known !== undefined) return known;
  for (const [name, type] of doc.share) {
    names.set(type, name);
    if (type === root) return name;
  }
  return null;
}

/** What a set of touch keys says about clauses: text changed, agreement changed, structure changed. */
export interface TouchSummary {
  /** Clauses whose text (any language version) changed. */
  text: Set<ClauseId>;
  /** Clauses whose agreement entry (sign-offs, lock, contest, reopen) changed. */
  agreement: Set<ClauseId>;
  /** The outline (order, sections, added/removed clauses) changed. */
  outline: boolean;
  /** Title block or section headings changed. */
  headings: boolean;
}

export function summarizeTouches(keys: Iterable<string>): TouchSummary {
  const summary: TouchSummary = { text: new Set(), agreement: new Set(), outline: false, headings: false };
  for (const key of keys) {
    if (key.startsWith(`${AGREEMENT_ROOT}:`)) {
      summary.agreement.add(key.slice(AGREEMENT_ROOT.length + 1) as ClauseId);
      continue;
    }
    const ref = parseRootName(key);
    if (ref?.kind === 'clause') summary.text.add(ref.id);
    else if (ref?.kind === 'outline') summary.outline = true;
    else if (ref?.kind === 'title' || ref?.kind === 'section') summary.headings = true;
  }
  return summary;
}
