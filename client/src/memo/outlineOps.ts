import type * as Y from 'yjs';
import { asClauseId, asSectionId, newId, type ClauseId, type SectionId } from '@accord/shared/ids';
import { LEADING_GROUP_ID } from '@accord/shared/memo/structure';
import { getOutline, isOutlineEntry, type OutlineEntry } from '@accord/shared/memo/ydocLayout';

/**
 * Structure edits of a memo, as changes to the `outline` root only.
 *
 * Entries are immutable values, so every edit is an insert or a delete of
 * whole entries, and a move is a delete plus an insert in ONE transaction —
 * the server (and its lock check, LK1) sees it as one change. Positions are
 * looked up by id at the moment of the edit, never taken from a render, so a
 * concurrent edit by someone else between render and click cannot make us
 * delete or move the wrong entry. New clauses and sections get no text: an
 * empty language version is one empty paragraph by definition (CL1), and the
 * server alone seeds content (DU3).
 */

/** Origin of outline transactions made by this window (for undo scoping and debugging). */
export const OUTLINE_ORIGIN = { source: 'outline-edit' } as const;

function entries(doc: Y.Doc): OutlineEntry[] {
  return getOutline(doc).toArray();
}

function indexOfEntry(list: readonly OutlineEntry[], kind: OutlineEntry['t'], id: string): number {
  return list.findIndex((e) => isOutlineEntry(e) && e.t === kind && e.id === id);
}

/** Index just past the last own clause of the section (before its first sub-section or the next section). */
function endOfOwnClauses(list: readonly OutlineEntry[], sectionId: SectionId): number {
  let i = sectionId === LEADING_GROUP_ID ? 0 : indexOfEntry(list, 'section', sectionId) + 1;
  if (sectionId !== LEADING_GROUP_ID && i === 0) return -1;
  while (i < list.length && list[i]!.t === 'clause') i++;
  return i;
}

/** Index just past a section and everything it contains (its clauses, and sub-sections for a level-1 section). */
function endOfSection(list: readonly OutlineEntry[], sectionId: SectionId): number {
  const start = indexOfEntry(list, 'section', sectionId);
  if (start < 0) return -1;
  const heading = list[start];
  const level = heading && heading.t === 'section' ? heading.level : 1;
  let i = start + 1;
  while (i < list.length) {
    const e = list[i]!;
    if (e.t === 'section' && (level === 2 || e.level === 1)) break;
    i++;
  }
  return i;
}

/** Inserts a new clause right after an existing one. Returns the new id, or null if the anchor is gone. */
export function addClauseAfter(doc: Y.Doc, afterClauseId: ClauseId): ClauseId | null {
  const index = indexOfEntry(entries(doc), 'clause', afterClauseId);
  if (index < 0) return null;
  const id = asClauseId(newId());
  doc.transact(() => getOutline(doc).insert(index + 1, [{ t: 'clause', id }]), OUTLINE_ORIGIN);
  return id;
}

/** Appends a new clause to a section's own clauses (before its sub-sections). */
export function addClauseAtEnd(doc: Y.Doc, sectionId: SectionId): ClauseId | null {
  const index = endOfOwnClauses(entries(doc), sectionId);
  if (index < 0) return null;
  const id = asClauseId(newId());
  doc.transact(() => getOutline(doc).insert(index, [{ t: 'clause', id }]), OUTLINE_ORIGIN);
  return id;
}

/**
 * Adds a top-level section after the given one (after its sub-sections), or
 * at the end of the memo when `afterSectionId` is null.
 */
export function addSection(doc: Y.Doc, afterSectionId: SectionId | null): SectionId | null {
  const list = entries(doc);
  let index = list.length;
  if (afterSectionId !== null && afterSectionId !== LEADING_GROUP_ID) {
    index = endOfSection(list, afterSectionId);
    if (index < 0) return null;
    // A level-2 anchor: continue to the end of its parent section.
    while (index < list.length && !(list[index]!.t === 'section' && (list[index] as { level: number }).level === 1)) index++;
  } else if (afterSectionId === LEADING_GROUP_ID) {
    index = endOfOwnClauses(list, LEADING_GROUP_ID);
  }
  const id = asSectionId(newId());
  doc.transact(() => getOutline(doc).insert(index, [{ t: 'section', id, level: 1, numbered: true }]), OUTLINE_ORIGIN);
  return id;
}

/**
 * Adds a sub-section: for a level-1 section, at its end (after its existing
 * sub-sections); for a level-2 section, right after it, in the same parent.
 */
export function addSubsection(doc: Y.Doc, sectionId: SectionId): SectionId | null {
  const index = endOfSection(entries(doc), sectionId);
  if (index < 0) return null;
  const id = asSectionId(newId());
  doc.transact(() => getOutline(doc).insert(index, [{ t: 'section', id, level: 2, numbered: true }]), OUTLINE_ORIGIN);
  return id;
}

/**
 * Moves a clause one place up or down in the outline. Crossing a section
 * heading moves it into the neighbouring section (last clause of the one
 * above, first clause of the one below), which is what the person sees.
 * Delete and insert happen in one transaction. Returns false if nothing moved.
 */
export function moveClause(doc: Y.Doc, clauseId: ClauseId, direction: -1 | 1): boolean {
  const list = entries(doc);
  const from = indexOfEntry(list, 'clause', clauseId);
  const to = from + direction;
  if (from < 0 || to < 0 || to >= list.length) return false;
  const entry = list[from]!;
  doc.transact(() => {
    const outline = getOutline(doc);
    outline.delete(from, 1);
    outline.insert(to, [entry]);
  }, OUTLINE_ORIGIN);
  return true;
}

/** Whether a clause can move in a direction (it is not already first or last in the outline). */
export function canMoveClause(list: readonly OutlineEntry[], clauseId: ClauseId, direction: -1 | 1): boolean {
  const from = indexOfEntry(list, 'clause', clauseId);
  const to = from + direction;
  return from >= 0 && to >= 0 && to < list.length;
}

/** Removes a clause from the outline. Its text roots stay in the document's history. */
export function deleteClause(doc: Y.Doc, clauseId: ClauseId): boolean {
  const index = indexOfEntry(entries(doc), 'clause', clauseId);
  if (index < 0) return false;
  doc.transact(() => getOutline(doc).delete(index, 1), OUTLINE_ORIGIN);
  return true;
}

/** Removes a section heading; its clauses (and sub-sections) then belong to the section above. */
export function deleteSection(doc: Y.Doc, sectionId: SectionId): boolean {
  const index = indexOfEntry(entries(doc), 'section', sectionId);
  if (index < 0) return false;
  doc.transact(() => getOutline(doc).delete(index, 1), OUTLINE_ORIGIN);
  return true;
}
