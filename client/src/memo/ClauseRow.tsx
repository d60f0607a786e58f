import { memo, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type Ref } from 'react';
import { flushSync } from 'react-dom';
import type { ClauseId } from '@accord/shared/ids';
import { clauseMarker } from '@accord/shared/memo/numbering';
import { clauseRoot } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { ClauseAgreementBar } from '../agreement/ClauseAgreementBar';
import { useClauseAgreement } from '../agreement/useClauseAgreement';
import { LazyCell } from '../editor/LazyCell';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '../ui/icons';
import { useConfirm } from '../ui/ConfirmDialog';
import { ClausePlaceholder } from './ClausePlaceholder';
import { useMemoContext } from './MemoContext';
import { addClauseAfter, deleteClause, moveClause } from './outlineOps';

/** Props of {@link ClauseRow}: primitives only, so an unchanged clause never re-renders. */
export interface ClauseRowProps {
  clauseId: ClauseId;
  /** Display number within its (sub-)section; null in unnumbered sections. */
  number: number | null;
  canMoveUp: boolean;
  canMoveDown: boolean;
  /** Its section is near the viewport (or the memo is small): render the row whole, not as a placeholder. */
  whole: boolean;
}

/**
 * One clause of the memo: rendered whole when its section says so (near the
 * viewport, see SectionBlock), else as a {@link ClausePlaceholder}. A focus
 * request for one of its cells (a new clause, a reopened memo, Tab onto a
 * placeholder) makes the row whole at once, whatever its section says, and
 * brings it into view.
 */
export const ClauseRow = memo(function ClauseRow({ whole, ...props }: ClauseRowProps): ReactNode {
  const { clauseId } = props;
  const { focus, languages } = useMemoContext();
  const [forced, setForced] = useState(() => languages.some((lang) => focus.isPending(clauseRoot(clauseId, lang))));
  const element = useRef<HTMLDivElement>(null);
  const scrollWhenWhole = useRef(false);
  const isWhole = whole || forced;

  // Once the section itself renders the row whole, the row follows its section again.
  useEffect(() => {
    if (whole && forced) setForced(false);
  }, [whole, forced]);

  useEffect(
    () =>
      focus.subscribe((root) => {
        if (isWhole || !languages.some((lang) => root === clauseRoot(clauseId, lang))) return;
        // Asked for from elsewhere (it may be far away): bring it into view once it is whole.
        scrollWhenWhole.current = true;
        setForced(true);
      }),
    [focus, isWhole, clauseId, languages],
  );

  useLayoutEffect(() => {
    if (!isWhole || !scrollWhenWhole.current) return;
    scrollWhenWhole.current = false;
    element.current?.scrollIntoView({ block: 'nearest' });
  }, [isWhole]);

  if (!isWhole) {
    return (
      <ClausePlaceholder
        ref={element}
        clauseId={clauseId}
        number={props.number}
        onFocusCell={(root) => {
          // The placeholder leaves the page now; the whole row's cell claims focus as it mounts.
          focus.requestOnNextMount(root);
          flushSync(() => setForced(true));
        }}
      />
    );
  }
  return <WholeClauseRow {...props} ref={element} />;
});

/**
 * One clause rendered whole: its number, one cell per memo language side by side, the
 * structure controls (hidden for observers) and its agreement line. Memoised
 * on its props and subscribed to its own agreement state only; the cells are
 * editors that update themselves from the Y.Doc, so typing in a clause
 * re-renders no React component at all, and a sign-off elsewhere re-renders
 * only that clause's row.
 *
 * A locked clause (LK1) cannot be moved or deleted: those controls are
 * disabled, and re-checked against the document when clicked.
 */
const WholeClauseRow = memo(function WholeClauseRow({ clauseId, number, canMoveUp, canMoveDown, ref }: Omit<ClauseRowProps, 'whole'> & { ref: Ref<HTMLDivElement> }): ReactNode {
  const { t } = useTranslation();
  const { doc, languages, visibleLanguages, canStructure, focus, agreement, clauseCellLabel } = useMemoContext();
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
      ref={ref}
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
          label={clauseCellLabel(clauseId, lang)}
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
