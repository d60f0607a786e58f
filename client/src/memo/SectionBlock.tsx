import { memo, type ReactNode } from 'react';
import { LEADING_GROUP_ID, type SectionNode } from '@accord/shared/memo/structure';
import { useTranslation } from 'react-i18next';
import { ClauseRow } from './ClauseRow';
import { SectionHeading } from './SectionHeading';

/** Props of {@link SectionBlock}. */
export interface SectionBlockProps {
  node: SectionNode;
  /** Number of entries in the outline (the last entry cannot move down). */
  outlineLength: number;
  /** Changes exactly when anything this block renders changes; the memo comparison uses only this. */
  signature: string;
}

/**
 * A section (or sub-section) with its heading, clauses and sub-sections.
 * The outline is rebuilt on every structure change, so nodes are new objects
 * each time; the block compares a signature instead and re-renders only the
 * sections whose clauses, numbers or movability actually changed.
 */
export const SectionBlock = memo(
  function SectionBlock({ node, outlineLength }: SectionBlockProps): ReactNode {
    const { t } = useTranslation();
    const isLeading = node.id === LEADING_GROUP_ID;
    return (
      <section className={node.level === 2 ? 'memo-section memo-section--sub' : 'memo-section'} data-section-block={node.id}>
        {isLeading ? null : <SectionHeading sectionId={node.id} level={node.level} number={node.number} heldClauseIds={heldClauseIds(node)} />}
        {node.clauses.map((clause) => (
          <ClauseRow key={clause.id} clauseId={clause.id} number={clause.number} canMoveUp={clause.index > 0} canMoveDown={clause.index < outlineLength - 1} />
        ))}
        {!isLeading && node.clauses.length === 0 && node.subsections.length === 0 ? (
          <p className="memo-section__empty">{t('memo.emptySection')}</p>
        ) : null}
        {node.subsections.map((sub) => (
          <SectionBlock key={sub.id} node={sub} outlineLength={outlineLength} signature={sectionSignature(sub, outlineLength)} />
        ))}
      </section>
    );
  },
  (prev, next) => prev.signature === next.signature,
);

/** The clauses a section holds, its sub-sections' included, comma-separated (deleting its heading moves them all). */
function heldClauseIds(node: SectionNode): string {
  const ids: string[] = [];
  const visit = (n: SectionNode): void => {
    n.clauses.forEach((c) => ids.push(c.id));
    n.subsections.forEach(visit);
  };
  visit(node);
  return ids.join(',');
}

/** A string that changes exactly when a section's rendering would (ids, levels, numbers, movability). */
export function sectionSignature(node: SectionNode, outlineLength: number): string {
  const clauses = node.clauses
    .map((c) => `${c.id}:${c.number ?? '-'}:${c.index > 0 ? 1 : 0}${c.index < outlineLength - 1 ? 1 : 0}`)
    .join(',');
  const subs = node.subsections.map((s) => sectionSignature(s, outlineLength)).join(';');
  return `${node.id}/${node.level}/${node.numbered ? 1 : 0}/${node.number ?? '-'}[${clauses}]{${subs}}`;
}
