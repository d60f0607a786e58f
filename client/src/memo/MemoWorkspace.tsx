import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
import type { LanguageCode } from '@accord/shared/ids';
import { NEUTRAL_COLOR, type PresenceUser } from '@accord/shared/memo/presence';
import type { MemoHeading, MeView } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { AgreementStatusBar } from '../agreement/AgreementStatusBar';
import { AgreementStore } from '../agreement/AgreementStore';
import { BracketToolbar } from '../agreement/BracketToolbar';
import { headingLanguage, locateClause } from '../agreement/clauseRef';
import { PartyColors } from '../agreement/PartyColors';
import { MemoConnection } from '../collab/MemoConnection';
import { useConnectionFact } from '../collab/useConnectionState';
import type { RefusalReason } from '../editor/ClauseGuard';
import { FocusRequests } from '../editor/FocusRequests';
import { SelectionTracker } from '../editor/SelectionTracker';
import { VisibilityWatcher } from '../editor/VisibilityWatcher';
import { clauseRefText } from '../i18n/clauseRefText';
import { ConfirmProvider } from '../ui/ConfirmDialog';
import { PromptProvider } from '../ui/PromptDialog';
import { useToasts } from '../ui/Toasts';
import type { ColumnChoice } from './LanguageToggle';
import { MemoBody } from './MemoBody';
import { MemoContext, type MemoContextValue } from './MemoContext';
import { MemoHeader } from './MemoHeader';
import { RowWindow } from './RowWindow';
import { partyName } from './partyName';
import { TitleBlock } from './TitleBlock';
import { clauseCellLabeler } from '../i18n/clauseCellLabel';
import { useConnectionToasts } from './useConnectionToasts';
import { useUnsavedWarning } from './useUnsavedWarning';

/** What lives exactly as long as one connection: the document's derived agreement state and the focused-cell tracker. */
interface OpenConnection {
  connection: MemoConnection;
  agreement: AgreementStore;
  selection: SelectionTracker;
  generation: number;
}

/** Props of {@link MemoWorkspace}. */
export interface MemoWorkspaceProps {
  detail: MemoHeading;
  me: MeView;
  /** Hands over a connection to this memo opened earlier (while the details loaded), if there is one. */
  takeConnection?: () => MemoConnection | null;
}

/**
 * An open memo: owns its connection (Y.Doc + provider) for as long as the
 * page shows it, and lays out header, title block and body. The connection
 * is taken over from the page (opened while the details loaded) or created
 * after the first render, and destroyed on leaving, so switching memos never
 * leaks a socket.
 */
export function MemoWorkspace({ detail, me, takeConnection }: MemoWorkspaceProps): ReactNode {
  const { t, i18n } = useTranslation();
  const myParty = detail.parties.find((p) => p.id === detail.me.partyId) ?? null;
  const user = useMemo<PresenceUser>(
    () => ({ id: me.id, name: me.name, partyId: detail.me.partyId, color: myParty?.color ?? NEUTRAL_COLOR, role: detail.me.role }),
    [me.id, me.name, detail.me.partyId, detail.me.role, myParty?.color],
  );
  // Bumped to replace a connection whose document diverged from the server (see MemoConnection.onDiverged).
  const [generation, setGeneration] = useState(0);
  // The connection with the generation it belongs to, set together so the view never pairs a new key with an old connection.
  const [open, setOpen] = useState<OpenConnection | null>(null);
  const [watcher] = useState(() => new VisibilityWatcher());
  const [rows] = useState(() => new RowWindow());
  const [focus] = useState(() => new FocusRequests());
  const restoreScroll = useRef<number | null>(null);

  useEffect(() => () => watcher.disconnect(), [watcher]);
  useEffect(() => () => rows.disconnect(), [rows]);

  useEffect(() => {
    // A reopened connection (generation > 0) must start afresh from the server's state.
    const taken = generation === 0 ? (takeConnection?.() ?? null) : null;
    if (taken && taken.memoId !== detail.id) taken.destroy();
    const opened = taken && taken.memoId === detail.id ? taken : new MemoConnection({ memoId: detail.id, user });
    if (opened === taken) opened.setUser(user);
    const offDiverged = opened.onDiverged(() => {
      // Reopen from the server's state; the cell being edited gets the caret back once it is there again.
      const cell = document.activeElement?.closest<HTMLElement>('[data-root]');
      if (cell?.dataset.root) focus.requestOnNextMount(cell.dataset.root);
      restoreScroll.current = window.scrollY;
      setGeneration((n) => n + 1);
    });
    const agreement = new AgreementStore(opened.doc, detail.languages);
    setOpen({ connection: opened, agreement, selection: new SelectionTracker(), generation });
    return () => {
      offDiverged();
      setOpen(null);
      agreement.destroy();
      opened.destroy();
    };
  }, [detail.id, detail.languages, user, generation, focus, takeConnection]);

  if (!open) return <p className="page-status">{t('common.loading')}</p>;
  return (
    <ConfirmProvider>
      <PromptProvider>
        <OpenMemo
          key={open.generation}
          detail={detail}
          me={me}
          user={user}
          open={open}
          watcher={watcher}
          rows={rows}
          focus={focus}
          restoreScroll={restoreScroll}
        />
      </PromptProvider>
    </ConfirmProvider>
  );
}

interface OpenMemoProps {
  detail: MemoHeading;
  me: MeView;
  user: PresenceUser;
  open: OpenConnection;
  watcher: VisibilityWatcher;
  rows: RowWindow;
  focus: FocusRequests;
  /** Scroll position to return to once the text is shown again (after a reopen), or null. */
  restoreScroll: RefObject<number | null>;
}

function OpenMemo({ detail, me, user, open, watcher, rows, focus, restoreScroll }: OpenMemoProps): ReactNode {
  const { t, i18n } = useTranslation();
  const toasts = useToasts();
  const { connection, agreement, selection } = open;
  // Only the facts this component shows: `pending` flips with every acknowledged keystroke and must not re-render the memo.
  const everSynced = useConnectionFact(connection, (s) => s.everSynced);
  const closed = useConnectionFact(connection, (s) => s.closed !== null);
  const closedUnsaved = useConnectionFact(connection, (s) => s.closed !== null && s.pending);
  const [columns, setColumns] = useColumnChoice(detail);
  const [onlyContested, setOnlyContested] = useState(false);

  useUnsavedWarning(connection);

  useLayoutEffect(() => {
    if (!everSynced || restoreScroll.current === null) return;
    window.scrollTo(0, restoreScroll.current);
    restoreScroll.current = null;
  }, [everSynced, restoreScroll]);

  const clauseLabel = useCallback(
    (clauseId: string): string | null => {
      const place = locateClause(connection.doc, clauseId, headingLanguage(detail.languages, i18n.language));
      return place ? clauseRefText(t, place) : null;
    },
    [connection, detail.languages, t, i18n.language],
  );
  useConnectionToasts(connection, clauseLabel);

  const clauseCellLabel = useMemo(() => clauseCellLabeler(t), [t, i18n.language]);
  const describeBracket = useCallback(
    (party: string | null, reason: string | null): string => {
      const found = detail.parties.find((p) => p.id === party);
      const partyText = found ? partyName(found, i18n.language) : t('agreement.bracket.unknownParty');
      return reason ? t('agreement.bracket.describe', { context: 'reason', party: partyText, reason }) : t('agreement.bracket.describe', { party: partyText });
    },
    [detail.parties, t, i18n.language],
  );
  const onRefusedEdit = useCallback(
    (clauseId: string, reason: RefusalReason) => {
      const ref = clauseLabel(clauseId) ?? clauseId;
      toasts.show({
        key: `refused-edit:${clauseId}`,
        tone: 'error',
        text: reason === 'locked' ? t('agreement.lockedRefused', { ref }) : t('agreement.bracket.notYours'),
        ...(reason === 'locked' ? {} : { detail: ref }),
      });
    },
    [toasts, t, clauseLabel],
  );

  const isObserver = detail.me.role === 'observer';
  const visibleLanguages = useMemo<readonly LanguageCode[]>(
    () => (columns === 'all' ? detail.languages : detail.languages.filter((l) => l === columns)),
    [columns, detail.languages],
  );

  const context = useMemo<MemoContextValue>(
    () => ({
      memoId: detail.id,
      connection,
      doc: connection.doc,
      provider: connection.provider,
      user,
      languages: detail.languages,
      visibleLanguages,
      editable: !isObserver && !closed,
      canStructure: !isObserver && !closed,
      watcher,
      rows,
      focus,
      parties: detail.parties,
      role: detail.me.role,
      myPartyId: detail.me.partyId,
      agreement,
      selection,
      clauseCellLabel,
      describeBracket,
      onRefusedEdit,
    }),
    [detail, connection, user, visibleLanguages, isObserver, closed, watcher, rows, focus, agreement, selection, clauseCellLabel, describeBracket, onRefusedEdit],
  );

  // CSS reads the column count for its grid and the empty-cell hint for its placeholder.
  const style = { '--columns': String(visibleLanguages.length), '--empty-cell': JSON.stringify(t('memo.emptyCell')) } as CSSProperties;
  return (
    <MemoContext.Provider value={context}>
      <div className="memo-page" style={style}>
        <PartyColors parties={detail.parties} />
        <MemoHeader
          detail={detail}
          me={me}
          connection={connection}
          columns={columns}
          onColumnsChange={setColumns}
          readOnly={isObserver}
          banner={closed ? `${t('memo.closedBanner')}${closedUnsaved ? ` ${t('memo.closedUnsaved')}` : ''}` : null}
        />
        <main className="memo-doc" id="main" aria-busy={!everSynced}>
          {everSynced ? (
            <>
              <AgreementStatusBar onlyContested={onlyContested} onOnlyContestedChange={setOnlyContested} />
              {/* No lang here: every language cell declares its own, and the controls between them speak the interface language (<html lang>). */}
              <article className={onlyContested ? 'memo-paper memo-paper--only-contested' : 'memo-paper'}>
                <TitleBlock />
                <MemoBody />
              </article>
              <BracketToolbar />
            </>
          ) : (
            <p className="page-status page-status--memo">{t('memo.waitingForText')}</p>
          )}
        </main>
      </div>
    </MemoContext.Provider>
  );
}

/** The column choice, remembered per memo in this browser (a reading preference, not memo content). */
function useColumnChoice(detail: MemoHeading): [ColumnChoice, (choice: ColumnChoice) => void] {
  const key = `accord:columns:${detail.id}`;
  const [choice, setChoice] = useState<ColumnChoice>(() => {
    try {
      const stored = window.localStorage.getItem(key);
      const lang = detail.languages.find((l) => l === stored);
      return lang ?? 'all';
    } catch {
      return 'all';
    }
  });
  const update = useCallback(
    (next: ColumnChoice) => {
      setChoice(next);
      try {
        window.localStorage.setItem(key, next);
      } catch {
        // storage unavailable (private mode): the choice simply is not remembered
      }
    },
    [key],
  );
  return [choice, update];
}
