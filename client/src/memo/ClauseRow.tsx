import { memo, type ReactNode } from 'react';
import type { ClauseId } from '@accord/shared/ids';
import { clauseRoot } from '@accord/shared/memo/ydocLayout';
import { LazyCell } from '../editor/LazyCell';
import { useStrings } from '../i18n/useStrings';
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
 * One clause: its number, one cell per memo language side by side, and the
 * structure controls (hidden for observers). Memoised on its props; the
 * cells are editors that update themselves from the Y.Doc, so typing in a
 * clause re-renders no React component at all.
 */
export const ClauseRow = memo(function ClauseRow({ clauseId, number, canMoveUp, canMoveDown }: ClauseRowProps): ReactNode {
  const t = useStrings();
  const { doc, languages, visibleLanguages, canStructure, focus } = useMemoContext();
  const confirm = useConfirm();

  const move = (direction: -1 | 1): void => {
    if (!moveClause(doc, clauseId, direction)) return;
    // The row is re-inserted elsewhere in the DOM, which drops focus: put it back on the same control.
    requestAnimationFrame(() => {
      const row = document.querySelector(`[data-clause-row="${CSS.escape(clauseId)}"]`);
      const button = row?.querySelector<HTMLButtonElement>(`[data-action="${direction < 0 ? 'up' : 'down'}"]:not(:disabled)`);
      (button ?? row?.querySelector<HTMLButtonElement>('[data-action]:not(:disabled)'))?.focus();
    });
  };

  return (
    <div className="row clause-row" data-clause-row={clauseId}>
      <div className="row__number" aria-hidden={number === null}>
        {number !== null ? `${number}.` : ''}
      </div>
      {languages.map((lang) => (
        <LazyCell
          key={lang}
          rootName={clauseRoot(clauseId, lang)}
          label={t.labels.clause(clauseId, lang)}
          lang={lang}
          hidden={!visibleLanguages.includes(lang)}
          className="cell--clause"
          clauseId={clauseId}
        />
      ))}
      {canStructure ? (
        <div className="row__actions row__actions--icons">
          <button type="button" className="icon-button" data-action="up" aria-label={t.structure.moveUp} title={t.structure.moveUp} disabled={!canMoveUp} onClick={() => move(-1)}>
            <IconArrowUp />
          </button>
          <button
            type="button"
            className="icon-button"
            data-action="down"
            aria-label={t.structure.moveDown}
            title={t.structure.moveDown}
            disabled={!canMoveDown}
            onClick={() => move(1)}
          >
            <IconArrowDown />
          </button>
          <button
            type="button"
            className="icon-button"
            data-action="add"
            aria-label={t.structure.addClause}
            title={t.structure.addClause}
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
            aria-label={t.structure.deleteClause}
            title={t.structure.deleteClause}
            onClick={() => {
              void confirm({
                title: t.structure.confirmDeleteClauseTitle,
                body: t.structure.confirmDeleteClauseBody,
                confirmLabel: t.structure.confirmDelete,
              }).then((yes) => {
                if (yes) deleteClause(doc, clauseId);
              });
            }}
          >
            <IconTrash />
          </button>
        </div>
      ) : (
        <div className="row__actions" />
      )}
    </div>
  );
});
