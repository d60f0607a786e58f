import { Extension } from '@tiptap/core';
import { Fragment, Slice, type Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { BRACKET_MARK } from '@accord/shared/memo/agreement';

/** Why the guard refused a local change. */
export type RefusalReason = 'locked' | 'bracket';

/** Options of {@link ClauseGuard}. */
export interface ClauseGuardOptions {
  /** True while the clause is agreed and locked; read at the moment a transaction is made. */
  isLocked: () => boolean;
  /** The party this window acts for (null: neutral — may not place or remove brackets). */
  myPartyId: string | null;
  /** Told when a local change was refused. */
  onRefused: (reason: RefusalReason) => void;
}

export const clauseGuardKey = new PluginKey('accord-clause-guard');

/**
 * True for transactions y-prosemirror makes to mirror the Y.Doc into the
 * editor: remote edits, the server's restore of locked text (LK3), and
 * Yjs-level undo. They carry the `ySyncPluginKey` meta (`y-sync` in
 * @tiptap/y-tiptap, `{ isChangeOrigin: true }`); local typing does not.
 */
export function isFromYjs(transaction: Transaction): boolean {
  return transaction.getMeta(ySyncPluginKey) !== undefined;
}

/**
 * Keeps a clause cell from changing what it must not change, whatever path
 * the change takes (typing, paste, drop, commands, a shortcut):
 *
 * - LK1/LK2 on the client: while the clause is locked, every local
 *   transaction that changes the document is refused. The lock is read from
 *   the Y.Doc at that moment, not from React state, so there is no window
 *   between the lock arriving and the editor learning about it. Remote
 *   transactions always pass — the agreed text itself must come in.
 * - Brackets belong to the party that placed them: a change that adds or
 *   removes another party's bracket — by a mark step, or by deleting the
 *   whole bracketed span — is refused. Editing text inside another party's
 *   bracket is fine (the bracket stays). The server enforces the same rule
 *   and would undo such a change; refusing it here spares the round trip.
 *
 * - Pasted content loses its brackets: a bracket is one party's act, with a
 *   reason, and copying text does not repeat that act.
 *
 * `editor.setEditable(false)` is the visible half of the lock; this is the
 * half that holds even if something bypasses it.
 */
export const ClauseGuard = Extension.create<ClauseGuardOptions>({
  name: 'clauseGuard',

  addOptions() {
    return { isLocked: () => false, myPartyId: null, onRefused: () => undefined };
  },

  addProseMirrorPlugins() {
    const { isLocked, myPartyId, onRefused } = this.options;
    return [
      new Plugin({
        key: clauseGuardKey,
        props: {
          transformPasted: (slice) => new Slice(withoutBrackets(slice.content), slice.openStart, slice.openEnd),
        },
        filterTransaction: (transaction) => {
          if (!transaction.docChanged || isFromYjs(transaction)) return true;
          if (isLocked()) {
            onRefused('locked');
            return false;
          }
          if (othersBracketsChanged(transaction.before, transaction.doc, myPartyId)) {
            onRefused('bracket');
            return false;
          }
          return true;
        },
      }),
    ];
  },
});

/** The content with every bracket mark removed (text and other marks kept). */
function withoutBrackets(content: Fragment): Fragment {
  const nodes: PMNode[] = [];
  content.forEach((node) => {
    if (node.isText) nodes.push(node.mark(node.marks.filter((mark) => mark.type.name !== BRACKET_MARK)));
    else nodes.push(node.copy(withoutBrackets(node.content)));
  });
  return Fragment.fromArray(nodes);
}

/** Whether some party other than `mine` gained or lost a bracket between two versions of a cell. */
function othersBracketsChanged(before: PMNode, after: PMNode, mine: string | null): boolean {
  const type = before.type.schema.marks[BRACKET_MARK];
  if (!type) return false;
  const has = (doc: PMNode): boolean => doc.rangeHasMark(0, doc.content.size, type);
  if (!has(before) && !has(after)) return false;
  const a = countBrackets(before, mine);
  const b = countBrackets(after, mine);
  if (a.size !== b.size) return true;
  for (const [key, n] of a) if (b.get(key) !== n) return true;
  return false;
}

/**
 * Other parties' bracket spans by (party, reason); a span split into several
 * text nodes by other marks counts once — the same count the server makes.
 */
function countBrackets(doc: PMNode, mine: string | null): Map<string, number> {
  const counts = new Map<string, number>();
  doc.descendants((node) => {
    if (!node.isTextblock) return true;
    let previous = new Set<string>();
    node.forEach((child) => {
      const here = new Set<string>();
      for (const mark of child.marks) {
        if (mark.type.name !== BRACKET_MARK || (mine !== null && mark.attrs.party === mine)) continue;
        here.add(`${String(mark.attrs.party)}\u0000${String(mark.attrs.reason)}`);
      }
      for (const key of here) if (!previous.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
      previous = here;
    });
    return false;
  });
  return counts;
}
