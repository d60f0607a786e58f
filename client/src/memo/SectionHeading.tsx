import { memo, type ReactNode } from 'react';
import type { SectionId } from '@accord/shared/ids';
import { sectionMarker } from '@accord/shared/memo/numbering';
import { clauseRoot, sectionRoot } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { useAnyLocked } from '../agreement/useClauseAgreement';
import { LazyCell } from '../editor/LazyCell';
import { useConfirm } from '../ui/ConfirmDialog';
import { useMemoContext } from './MemoContext';
import { addClauseAtEnd, addSection, addSubsection, deleteSection } from './outlineOps';

/** Props of {@link SectionHeading}. */
export interface SectionHeadingProps {
  sectionId: SectionId;
  level: 1 | 2;
  /** Its number among the numbered headings of its level (see buildStructure); null when unnumbered. */
  number: number | null;
  /** The clauses the section holds (sub-sections included), comma-separated. */
  heldClauseIds: string;
}

/**
 * A section or sub-section heading: one heading cell per language, and the
 * section's structure controls — add a clause at its end, add a sub-section,
 * add a section after it, delete the heading. Deleting the heading of a
 * section that holds a locked clause would move that clause (LK1), so it is
 * disabled then.
 */
export const SectionHeading = memo(function SectionHeading({ sectionId, level, number, heldClauseIds }: SectionHeadingProps): ReactNode {
  const { t } = useTranslation();
  const { doc, languages, visibleLanguages, canStructure, focus, agreement } = useMemoContext();
  const holdsLocked = useAnyLocked(heldClauseIds);
  const confirm = useConfirm();
  const firstLang = visibleLanguages[0];

  return (
    <div className={`row heading-row heading-row--level${level}`}>
      <div className="row__number" />
      {languages.map((lang) => (
        <LazyCell
          key={lang}
          rootName={sectionRoot(sectionId, lang)}
          label={t('labels.section', { id: sectionId, lang })}
          lang={lang}
          hidden={!visibleLanguages.includes(lang)}
          className={`cell--heading cell--heading-level${level}`}
          sectionId={sectionId}
          marker={number !== null ? sectionMarker(number, level, lang) : undefined}
        />
      ))}
      <div className="row__actions" />
      {canStructure ? (
        <div className="section-toolbar" role="toolbar" aria-label={t('structure.sectionActions')}>
          <button
            type="button"
            className="text-button"
            onClick={() => {
              const id = addClauseAtEnd(doc, sectionId);
              if (id && firstLang) focus.request(clauseRoot(id, firstLang));
            }}
          >
            <span aria-hidden="true">+ </span>
            {t('structure.addClause')}
          </button>
          <button
            type="button"
            className="text-button"
            onClick={() => {
              const id = addSubsection(doc, sectionId);
              if (id && firstLang) focus.request(sectionRoot(id, firstLang));
            }}
          >
            <span aria-hidden="true">+ </span>
            {t('structure.addSubsection')}
          </button>
          {level === 1 ? (
            <button
              type="button"
              className="text-button"
              onClick={() => {
                const id = addSection(doc, sectionId);
                if (id && firstLang) focus.request(sectionRoot(id, firstLang));
              }}
            >
              <span aria-hidden="true">+ </span>
            {t('structure.addSection')}
            </button>
          ) : null}
          <button
            type="button"
            className="text-button text-button--danger"
            disabled={holdsLocked}
            title={holdsLocked ? t('structure.deleteSectionLocked') : undefined}
            onClick={() => {
              void confirm({
                title: t('structure.confirmDeleteSectionTitle'),
                body: t('structure.confirmDeleteSectionBody'),
                confirmLabel: t('structure.confirmDelete'),
              }).then((yes) => {
                const stillLocked = heldClauseIds.split(',').some((id) => id !== '' && agreement.isLocked(id));
                if (yes && !stillLocked) deleteSection(doc, sectionId);
              });
            }}
          >
            {t('structure.deleteSection')}
          </button>
        </div>
      ) : null}
    </div>
  );
});
