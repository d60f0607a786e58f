import type { ClauseId } from '@accord/shared/ids';
import { buildStructure, type SectionNode } from '@accord/shared/memo/structure';
import { isOutlineEntry, OUTLINE_ROOT, parseRootName, type OutlineEntry } from '@accord/shared/memo/ydocLayout';
import type { UpdateInspection } from '../sync/inspectUpdate';

/** What an update would change of locked clauses (LK1). Empty sets = nothing. */
export interface LockViolation {
  /** Locked clauses whose text, marks, attributes or brackets the update touches. */
  clauses: Set<ClauseId>;
  /** Locked clauses the update deletes, moves or duplicates in the outline (directly or by deleting their section heading). */
  outline: Set<ClauseId>;
}

export const hasViolation = (v: LockViolation): boolean => v.clauses.size > 0 || v.outline.size > 0;

/**
 * The lock check. From an inspected update (every new item resolved to its
 * root, every deleted range to its root and, in the outline, its entries), it
 * finds every way the update would touch a locked clause: content of its
 * language fragments; deleting or moving its outline entry; inserting another
 * entry for it; deleting the heading of a section that holds it. Edits next to
 * a locked clause — in other clauses, new clauses before or after it — are
 * not violations.
 */
export function lockCheck(inspection: UpdateInspection, locked: ReadonlySet<string>, outlineBefore: readonly OutlineEntry[]): LockViolation {
  const clauses = new Set<ClauseId>();
  const outline = new Set<ClauseId>();
  if (locked.size === 0) return { clauses, outline };

  const touch = (root: string): void => {
    const ref = parseRootName(root);
    if (ref?.kind === 'clause' && locked.has(ref.id)) clauses.add(ref.id);
  };
  for (const { root } of inspection.items) touch(root);
  for (const root of inspection.deletedRoots) touch(root);

  for (const { root, direct, item } of inspection.items) {
    if (root !== OUTLINE_ROOT || !direct) continue;
    const content = item.content as { arr?: unknown[] };
    for (const entry of content.arr ?? []) {
      if (isOutlineEntry(entry) && entry.t === 'clause' && locked.has(entry.id)) outline.add(entry.id);
    }
  }

  const deleted = inspection.deletedEntries.get(OUTLINE_ROOT) ?? [];
  if (deleted.length > 0) {
    const sections = buildStructure(outlineBefore);
    const lockedIn = new Map<string, ClauseId[]>();
    const collect = (node: SectionNode): ClauseId[] => [
      ...node.clauses.map((c) => c.id).filter((id) => locked.has(id)),
      ...node.subsections.flatMap(collect),
    ];
    const index = (node: SectionNode): void => {
      lockedIn.set(node.id, collect(node));
      node.subsections.forEach(index);
    };
    sections.forEach(index);
    for (const entry of deleted) {
      if (!isOutlineEntry(entry)) continue;
      if (entry.t === 'clause' && locked.has(entry.id)) outline.add(entry.id);
      if (entry.t === 'section') for (const id of lockedIn.get(entry.id) ?? []) outline.add(id);
    }
  }
  return { clauses, outline };
}
