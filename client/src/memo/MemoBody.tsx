import { useMemo, type ReactNode } from 'react';
import { buildStructure } from '@accord/shared/memo/structure';
import { sectionRoot } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { useMemoContext } from './MemoContext';
import { addSection } from './outlineOps';
import { SectionBlock, sectionSignature } from './SectionBlock';
import { useOutline } from './useOutline';

/**
 * The memo's sections and clauses, derived from the `outline` root. This is
 * the page's one subscription to structure; numbering comes from
 * `buildStructure` (never stored), so a move renumbers everything
 * consistently on every client.
 */
export function MemoBody(): ReactNode {
  const { t } = useTranslation();
  const { doc, canStructure, visibleLanguages, focus } = useMemoContext();
  const outline = useOutline(doc);
  const sections = useMemo(() => buildStructure(outline), [outline]);

  return (
    <div className="memo-body">
      {sections.length === 0 ? <p className="memo-section__empty">{t('memo.emptyMemo')}</p> : null}
      {sections.map((node) => (
        <SectionBlock key={node.id} node={node} outlineLength={outline.length} signature={sectionSignature(node, outline.length)} />
      ))}
      {canStructure ? (
        <div className="memo-body__end">
          <button
            type="button"
            className="button"
            onClick={() => {
              const id = addSection(doc, null);
              if (id && visibleLanguages[0]) focus.request(sectionRoot(id, visibleLanguages[0]));
            }}
          >
            <span aria-hidden="true">+ </span>
            {t('structure.addSection')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
