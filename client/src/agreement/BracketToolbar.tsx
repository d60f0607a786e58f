import { useCallback, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { roleNeedsParty } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { anchorSelection, applyBracket, ownBracketAt, removeBracket } from '../editor/brackets';
import type { ActiveCell } from '../editor/SelectionTracker';
import { useMemoContext } from '../memo/MemoContext';
import { IconBracket } from '../ui/icons';
import { usePrompt } from '../ui/PromptDialog';
import { useToasts } from '../ui/Toasts';
import { useClauseRef } from './useClauseRef';

/** Longest excerpt of the selected language quoted in the reason dialog. */
const EXCERPT = 120;

/**
 * A small floating toolbar over the selection in a clause cell, for the
 * drafters and signatories of a party: "Bracket selection" when language is
 * selected (asks for the reason, then marks the span as contested by this
 * party), "Remove bracket" when the cursor is in one of this party's own
 * brackets. Another party's brackets cannot be removed here — the editor's
 * guard refuses that too. Mouse-down on the toolbar is cancelled so the
 * editor keeps its focus and selection; Ctrl+Alt+B in a cell does the same
 * as the button.
 */
export function BracketToolbar(): ReactNode {
  const { t } = useTranslation();
  const { selection, agreement, role, myPartyId, editable } = useMemoContext();
  const prompt = usePrompt();
  const toasts = useToasts();
  const clauseRef = useClauseRef();
  const active = useSyncExternalStore(selection.subscribe, selection.getSnapshot);
  const canBracket = editable && roleNeedsParty(role) && myPartyId !== null;

  const bracket = useCallback(
    async (cell: ActiveCell): Promise<void> => {
      if (!canBracket || myPartyId === null || agreement.isLocked(cell.clauseId)) return;
      const span = anchorSelection(cell.editor);
      if (!span) return;
      const excerpt = span.text.length > EXCERPT ? `${span.text.slice(0, EXCERPT - 1)}…` : span.text;
      const reason = await prompt({
        title: t('agreement.dialog.bracketTitle'),
        body: t('agreement.dialog.bracketBody', { text: excerpt }),
        submitLabel: t('agreement.dialog.bracketSubmit'),
      });
      if (reason === null) return;
      if (agreement.isLocked(cell.clauseId)) {
        toasts.show({ key: `refused-edit:${cell.clauseId}`, tone: 'error', text: t('agreement.lockedRefused', { ref: clauseRef(cell.clauseId) }) });
        return;
      }
      if (!applyBracket(cell.editor, span, { party: myPartyId, reason })) {
        toasts.show({ key: `bracket:${cell.clauseId}`, tone: 'error', text: t('agreement.bracket.gone'), detail: clauseRef(cell.clauseId) });
      }
    },
    [agreement, canBracket, clauseRef, myPartyId, prompt, t, toasts],
  );

  useEffect(
    () =>
      selection.onBracketRequest(() => {
        const current = selection.getSnapshot();
        if (current) void bracket(current);
      }),
    [selection, bracket],
  );

  if (!active || !canBracket) return null;
  const { editor, clauseId } = active;
  if (editor.isDestroyed || !editor.isEditable || agreement.isLocked(clauseId)) return null;
  const { from, to, empty } = editor.state.selection;
  const own = ownBracketAt(editor.state, myPartyId);
  const hasText = !empty && editor.state.doc.textBetween(from, to, ' ').trim() !== '';
  if (!hasText && !own) return null;
  let coords: { top: number; left: number };
  try {
    coords = editor.view.coordsAtPos(from);
  } catch {
    return null;
  }
  return (
    <div
      className="selection-toolbar"
      role="toolbar"
      aria-label={t('agreement.bracket.toolbar')}
      style={{ top: coords.top + window.scrollY, left: coords.left + window.scrollX }}
      onMouseDown={(event) => event.preventDefault()}
    >
      {hasText ? (
        <button type="button" className="chip-button chip-button--primary" title={t('agreement.bracket.addHint')} onClick={() => void bracket(active)}>
          <IconBracket />
          {t('agreement.bracket.add')}
        </button>
      ) : null}
      {own ? (
        <button
          type="button"
          className="chip-button"
          title={t('agreement.bracket.removeHint')}
          onClick={() => {
            const found = ownBracketAt(editor.state, myPartyId);
            if (found) removeBracket(editor, found);
          }}
        >
          {t('agreement.bracket.remove')}
        </button>
      ) : null}
    </div>
  );
}
