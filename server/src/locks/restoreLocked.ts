import * as Y from 'yjs';
import type { ClauseId, LanguageCode } from '@accord/shared/ids';
import { canonicalFragment, stableStringify, type CanonicalNode } from '@accord/shared/memo/canonical';
import { getClauseText, getOutline, isOutlineEntry, type OutlineEntry } from '@accord/shared/memo/ydocLayout';

/** The agreed content of a locked clause, captured before an update is applied. */
export type ClauseSnapshot = Map<LanguageCode, CanonicalNode[]>;

export function snapshotClause(doc: Y.Doc, clauseId: ClauseId, languages: readonly LanguageCode[]): ClauseSnapshot {
  return new Map(languages.map((lang) => [lang, canonicalFragment(getClauseText(doc, clauseId, lang))]));
}

/**
 * Puts a locked clause's language versions back to their snapshot, where they
 * differ. Called in the same server step as the offending update, so the merged
 * result that is stored and broadcast never shows other clients the forbidden
 * change (LK2), and the sender's replica converges back (LK3).
 */
export function restoreClause(doc: Y.Doc, clauseId: ClauseId, snapshot: ClauseSnapshot): void {
  for (const [lang, nodes] of snapshot) {
    const fragment = getClauseText(doc, clauseId, lang);
    if (stableStringify(canonicalFragment(fragment)) === stableStringify(nodes)) continue;
    fragment.delete(0, fragment.length);
    fragment.insert(0, nodes.map(toYNode).filter((n): n is Y.XmlElement | Y.XmlText => n !== null));
  }
}

function toYNode(node: CanonicalNode): Y.XmlElement | Y.XmlText | null {
  if ('t' in node) {
    const text = new Y.XmlText();
    text.insert(0, node.t, Object.fromEntries(node.m));
    return text;
  }
  const element = new Y.XmlElement(node.n);
  for (const [key, value] of Object.entries(node.a)) element.setAttribute(key, value as string);
  // Adjacent text runs go into one Y.XmlText, as y-prosemirror writes them.
  const children: Array<Y.XmlElement | Y.XmlText> = [];
  let text: Y.XmlText | null = null;
  for (const child of node.c) {
    if ('t' in child) {
      if (!text) children.push((text = new Y.XmlText()));
      text.insert(text.length, child.t, Object.fromEntries(child.m));
    } else {
      text = null;
      const el = toYNode(child);
      if (el) children.push(el);
    }
  }
  element.insert(0, children);
  return element;
}

/**
 * Restores the outline around locked clauses after an update: removes entries
 * it inserted for locked clauses (the arriving end of a move, or a duplicate),
 * then re-inserts every locked clause entry and protected section heading it
 * deleted, right after the nearest entry that preceded it before the update.
 */
export function restoreOutline(
  doc: Y.Doc,
  before: readonly OutlineEntry[],
  protectedClauses: ReadonlySet<string>,
  isNew: (item: Y.Item) => boolean,
): void {
  const outline = getOutline(doc);
  const key = (e: OutlineEntry): string => `${e.t}:${e.id}`;

  // 1. Drop entries this update inserted for protected clauses.
  const removals: number[] = [];
  let index = 0;
  for (let item = outline._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const arr = (item.content as Y.ContentAny).arr ?? [];
    arr.forEach((entry, i) => {
      if (isNew(item) && isOutlineEntry(entry) && entry.t === 'clause' && protectedClauses.has(entry.id)) removals.push(index + i);
    });
    index += item.length;
  }
  for (const i of removals.reverse()) outline.delete(i, 1);

  // 2. Put back what must not have gone: protected clauses and the headings of sections holding them.
  const needed = new Set<string>();
  let section: OutlineEntry | null = null;
  const sectionsWithProtected = new Set<string>();
  let parent: OutlineEntry | null = null;
  for (const e of before) {
    if (e.t === 'section') {
      if (e.level === 1) parent = e;
      section = e;
    } else if (protectedClauses.has(e.id)) {
      if (section) sectionsWithProtected.add(key(section));
      if (parent) sectionsWithProtected.add(key(parent));
    }
  }
  for (const e of before) if ((e.t === 'clause' && protectedClauses.has(e.id)) || sectionsWithProtected.has(key(e))) needed.add(key(e));

  for (let i = 0; i < before.length; i++) {
    const entry = before[i]!;
    if (!needed.has(key(entry))) continue;
    const now = outline.toArray();
    if (now.some((e) => isOutlineEntry(e) && key(e) === key(entry))) continue;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const found = now.findIndex((e) => isOutlineEntry(e) && key(e) === key(before[j]!));
      if (found >= 0) {
        at = found + 1;
        break;
      }
    }
    outline.insert(at, [{ ...entry }]);
  }
}
