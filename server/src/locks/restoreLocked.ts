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
    fragment.insert(0, toYNodes(nodes));
  }
}

// Canonical nodes back to Yjs types. Adjacent text runs share one Y.XmlText, as
// y-prosemirror writes them; offsets are counted here because a Y.XmlText that
// is not yet in a document cannot report its own length.
function toYNodes(nodes: readonly CanonicalNode[]): Array<Y.XmlElement | Y.XmlText> {
  const out: Array<Y.XmlElement | Y.XmlText> = [];
  let text: Y.XmlText | null = null;
  let offset = 0;
  for (const node of nodes) {
    if ('t' in node) {
      if (!text) {
        out.push((text = new Y.XmlText()));
        offset = 0;
      }
      text.insert(offset, node.t, Object.fromEntries(node.m));
      offset += node.t.length;
    } else {
      text = null;
      const element = new Y.XmlElement(node.n);
      for (const [key, value] of Object.entries(node.a)) element.setAttribute(key, value as string);
      element.insert(0, toYNodes(node.c));
      out.push(element);
    }
  }
  return out;
}

/**
 * Restores the outline around locked clauses after an update. Protected
 * entries are the locked clauses and the headings of the sections (and parent
 * sections) that hold them. In order:
 * 1. entries this update inserted for protected keys are removed (the arriving
 *    end of a move, or a duplicate);
 * 2. protected entries it deleted are re-inserted right after the nearest
 *    entry that preceded them before the update;
 * 3. if a locked clause still sits under other headings than before (a new
 *    heading slipped between it and its own), the section headings this update
 *    inserted are removed too.
 */
export function restoreOutline(
  doc: Y.Doc,
  before: readonly OutlineEntry[],
  locked: ReadonlySet<string>,
  isNew: (item: Y.Item) => boolean,
): void {
  const outline = getOutline(doc);
  const protectedKeys = protectedKeysOf(before, locked);

  removeNew(outline, isNew, (entry) => protectedKeys.has(keyOf(entry)));

  for (let i = 0; i < before.length; i++) {
    const entry = before[i]!;
    if (!protectedKeys.has(keyOf(entry))) continue;
    const now = outline.toArray();
    if (now.some((e) => isOutlineEntry(e) && keyOf(e) === keyOf(entry))) continue;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const found = now.findIndex((e) => isOutlineEntry(e) && keyOf(e) === keyOf(before[j]!));
      if (found >= 0) {
        at = found + 1;
        break;
      }
    }
    outline.insert(at, [{ ...entry }]);
  }

  if (!sameSectionPaths(before, outline.toArray().filter(isOutlineEntry), locked)) {
    removeNew(outline, isNew, (entry) => entry.t === 'section');
  }
}

/** Which headings each locked clause sits under: its (sub-)section and, for a sub-section, its parent. */
export function sectionPaths(entries: readonly OutlineEntry[], locked: ReadonlySet<string>): Map<string, string> {
  const paths = new Map<string, string>();
  let top = '';
  let current = '';
  for (const e of entries) {
    if (e.t === 'section') {
      if (e.level === 1 || top === '') top = e.id;
      current = e.level === 1 || top === e.id ? e.id : `${top}/${e.id}`;
    } else if (locked.has(e.id) && !paths.has(e.id)) paths.set(e.id, current);
  }
  return paths;
}

/** True when every locked clause sits under the same headings in both outlines. */
export function sameSectionPaths(a: readonly OutlineEntry[], b: readonly OutlineEntry[], locked: ReadonlySet<string>): boolean {
  const pa = sectionPaths(a, locked);
  const pb = sectionPaths(b, locked);
  return [...pa].every(([id, path]) => pb.get(id) === path);
}

const keyOf = (e: OutlineEntry): string => `${e.t}:${e.id}`;

function protectedKeysOf(before: readonly OutlineEntry[], locked: ReadonlySet<string>): Set<string> {
  const keys = new Set<string>();
  let parent: OutlineEntry | null = null;
  let section: OutlineEntry | null = null;
  for (const e of before) {
    if (e.t === 'section') {
      if (e.level === 1) parent = e;
      section = e;
    } else if (locked.has(e.id)) {
      keys.add(keyOf(e));
      if (section) keys.add(keyOf(section));
      if (parent) keys.add(keyOf(parent));
    }
  }
  return keys;
}

// Deletes the entries, inserted by this update, that match.
function removeNew(outline: Y.Array<OutlineEntry>, isNew: (item: Y.Item) => boolean, matches: (entry: OutlineEntry) => boolean): void {
  const removals: number[] = [];
  let index = 0;
  for (let item = outline._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    const arr = (item.content as Y.ContentAny).arr ?? [];
    const fresh = isNew(item);
    arr.forEach((entry, i) => {
      if (fresh && isOutlineEntry(entry) && matches(entry)) removals.push(index + i);
    });
    index += item.length;
  }
  for (const i of removals.reverse()) outline.delete(i, 1);
}
