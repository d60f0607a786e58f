import type { ClauseId, SectionId } from '../ids';
import type { OutlineEntry, SectionEntry } from './ydocLayout';

/**
 * The memo's structure derived from the flat outline: sections, one level of
 * sub-sections, and clause numbers. Numbering is never stored — it is the
 * clause's position within its (sub-)section, so moving a clause renumbers
 * everything consistently on every client.
 */
export interface ClauseNode {
  id: ClauseId;
  /** 1-based number within its section; null in unnumbered sections. */
  number: number | null;
  /** Index of the clause's entry in the outline array. */
  index: number;
}

export interface SectionNode {
  id: SectionId;
  level: 1 | 2;
  numbered: boolean;
  /**
   * 1-based number of a numbered heading among the numbered headings of its
   * level (sections of the memo, sub-sections of their section); null for
   * unnumbered ones (a preamble) and the implicit leading group.
   */
  number: number | null;
  /** Index of the section's heading entry in the outline array (-1 for the implicit leading group). */
  index: number;
  clauses: ClauseNode[];
  subsections: SectionNode[];
}

/** Id of the implicit group holding clauses that precede every section heading. */
export const LEADING_GROUP_ID = '_top' as SectionId;

/** Groups outline entries into sections; a level-2 entry with no level-1 parent is treated as level 1. */
export function buildStructure(entries: readonly OutlineEntry[]): SectionNode[] {
  const sections: SectionNode[] = [];
  let top: SectionNode | null = null;
  let current: SectionNode | null = null;
  let numberedTops = 0;

  const open = (entry: SectionEntry, index: number, level: 1 | 2, numberedBefore: number): SectionNode => ({
    id: entry.id,
    level,
    numbered: entry.numbered,
    number: entry.numbered ? numberedBefore + 1 : null,
    index,
    clauses: [],
    subsections: [],
  });

  const seenClauses = new Set<string>();
  entries.forEach((entry, index) => {
    if (entry.t === 'section') {
      if (entry.level === 2 && top) {
        current = open(entry, index, 2, top.subsections.filter((x) => x.numbered).length);
        top.subsections.push(current);
      } else {
        top = open(entry, index, 1, numberedTops);
        if (top.numbered) numberedTops++;
        current = top;
        sections.push(top);
      }
      return;
    }
    // Two people moving the same clause at once can leave two entries; the first one counts.
    if (seenClauses.has(entry.id)) return;
    seenClauses.add(entry.id);
    if (!current) {
      top = { id: LEADING_GROUP_ID, level: 1, numbered: true, number: null, index: -1, clauses: [], subsections: [] };
      current = top;
      sections.push(top);
    }
    const section: SectionNode = current;
    section.clauses.push({ id: entry.id, number: section.numbered ? section.clauses.length + 1 : null, index });
  });
  return sections;
}

/** Every clause id in outline order (each once, even if a faulty outline repeats one). */
export function clauseIdsOf(entries: readonly OutlineEntry[]): ClauseId[] {
  const seen = new Set<string>();
  const out: ClauseId[] = [];
  for (const e of entries) if (e.t === 'clause' && !seen.has(e.id)) (seen.add(e.id), out.push(e.id));
  return out;
}
