import { memo, type ReactNode } from 'react';
import type { ClauseId } from '@accord/shared/ids';
import { clauseMarker } from '@accord/shared/memo/numbering';
import { clauseRoot } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { ClauseAgreementBar } from '../agreement/ClauseAgreementBar';
import { useClauseAgreement } from '../agreement/useClauseAgreement';
import { LazyCell } from '../editor/LazyCell';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '../ui/icons';
import { useConfirm } from '../ui/ConfirmDialog';
import { useMemoContext } from './MemoContext';
import { addClauseAfter, deleteClause, moveClause } from './outlineOps';

/** Props of {@link ClauseRow}: primitives only, so an unchanged clause never re-renders. */
export interface ClauseRowProps {
  clauseId: ClauseId;
  /** Display number within its (sub-)section; null in unnumbered sections. */
  number: number | null;
  canMoveUp: boolean;
  canMoveDown: boolean;
}

/**
 * One clause: its number, one cell per memo language side by side, the
 * structure controls (hidden for observers) and its agreement line. Memoised
 * on its props and subscribed to its own agreement state only; the cells are
 * editors that update themselves from the Y.Doc, so typing in a clause
 * re-renders no React component at all, and a sign-off elsewhere re-renders
 * only that clause's row.
 *
 * A locked clause (LK1) cannot be moved or deleted: those controls are
 * disabled, and re-checked against the document when clicked.
 */
export const ClauseRow = memo(function ClauseRow({ clauseId, number, canMoveUp, canMoveDown }: ClauseRowProps): ReactNode {
  const { t } = useTranslation();
  const { doc, languages, visibleLanguages, canStructure, focus, agreement } = useMemoContext();
  const confirm = useConfirm();
  const state = useClauseAgreement(clauseId);
  const locked = state.locked;

  const move = (direction: -1 | 1): void => {
    if (agreement.isLocked(clauseId) || !moveClause(doc, clauseId, direction)) return;
    // The row is re-inserted elsewhere in the DOM, which drops focus: put it back on the same control.
    requestAnimationFrame(() => {
      const row = document.querySelector(`[data-clause-row="${CSS.escape(clauseId)}"]`);
      const button = row?.querySelector<HTMLButtonElement>(`[data-action="${direction < 0 ? 'up' : 'down'}"]:not(:disabled)`);
      (button ?? row?.querySelector<HTMLButtonElement>('[data-action]:not(:disabled)'))?.focus();
    });
  };

  return (
    <div
      className={locked ? 'row clause-row clause-row--locked' : 'row clause-row'}
      data-clause-row={clauseId}
      data-status={state.status}
      data-locked={locked ? 'true' : 'false'}
    >
      {/* Numbers are written per language version (1、 in Chinese, 1. in English), in each cell. */}
      <div className="row__number" />
      {languages.map((lang) => (
        <LazyCell
          key={lang}
          rootName={clauseRoot(clauseId, lang)}
          label={t('labels.clause', { id: clauseId, lang })}
          lang={lang}
          hidden={!visibleLanguages.includes(lang)}
          className="cell--clause"
          clauseId={clauseId}
          marker={number !== null ? clauseMarker(number, lang) : undefined}
        />
      ))}
      {canStructure ? (
        <div className="row__actions row__actions--icons">
          <button type="button" className="icon-button" data-action="up" aria-label={t('structure.moveUp')} title={t('structure.moveUp')} disabled={!canMoveUp || locked} onClick={() => move(-1)}>
            <IconArrowUp />
          </button>
          <button
            type="button"
            className="icon-button"
            data-action="down"
            aria-label={t('structure.moveDown')}
            title={t('structure.moveDown')}
            disabled={!canMoveDown || locked}
            onClick={() => move(1)}
          >
            <IconArrowDown />
          </button>
          <button
            type="button"
            className="icon-button"
            data-action="add"
            aria-label={t('structure.addClause')}
            title={t('structure.addClause')}
            onClick={() => {
              const id = addClauseAfter(doc, clauseId);
              if (id && visibleLanguages[0]) focus.request(clauseRoot(id, visibleLanguages[0]));
            }}
          >
            <IconPlus />
          </button>
          <button
            type="button"
            className="icon-button icon-button--danger"
            data-action="delete"
            aria-label={t('structure.deleteClause')}
            title={t('structure.deleteClause')}
            disabled={locked}
            onClick={() => {
              void confirm({
                title: t('structure.confirmDeleteClauseTitle'),
                body: t('structure.confirmDeleteClauseBody'),
                confirmLabel: t('structure.confirmDelete'),
              }).then((yes) => {
                if (yes && !agreement.isLocked(clauseId)) deleteClause(doc, clauseId);
              });
            }}
          >
            <IconTrash />
          </button>
        </div>
      ) : (
        <div className="row__actions" />
      )}
      <ClauseAgreementBar clauseId={clauseId} state={state} />
    </div>
  );
});
