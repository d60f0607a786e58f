import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode, type RefObject } from 'react';
import type { LanguageCode } from '@accord/shared/ids';
import { NEUTRAL_COLOR, type PresenceUser } from '@accord/shared/memo/presence';
import type { MemoDetail, MeView } from '@accord/shared/memo/schema';
import { buildStructure } from '@accord/shared/memo/structure';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { getSectionTitle, readOutline } from '@accord/shared/memo/ydocLayout';
import { MemoConnection } from '../collab/MemoConnection';
import { useConnectionState } from '../collab/useConnectionState';
import { FocusRequests } from '../editor/FocusRequests';
import { VisibilityWatcher } from '../editor/VisibilityWatcher';
import { useStrings } from '../i18n/useStrings';
import { ConfirmProvider } from '../ui/ConfirmDialog';
import type { ColumnChoice } from './LanguageToggle';
import { MemoBody } from './MemoBody';
import { MemoContext, type MemoContextValue } from './MemoContext';
import { MemoHeader } from './MemoHeader';
import { TitleBlock } from './TitleBlock';
import { useConnectionToasts } from './useConnectionToasts';
import { useUnsavedWarning } from './useUnsavedWarning';

/**
 * An open memo: owns its connection (Y.Doc + provider) for as long as the
 * page shows it, and lays out header, title block and body. The connection
 * is created after the first render and destroyed on leaving, so switching
 * memos never leaks a socket.
 */
export function MemoWorkspace({ detail, me }: { detail: MemoDetail; me: MeView }): ReactNode {
  const t = useStrings();
  const myParty = detail.parties.find((p) => p.id === detail.me.partyId) ?? null;
  const user = useMemo<PresenceUser>(
    () => ({ id: me.id, name: me.name, partyId: detail.me.partyId, color: myParty?.color ?? NEUTRAL_COLOR, role: detail.me.role }),
    [me.id, me.name, detail.me.partyId, detail.me.role, myParty?.color],
  );
  // Bumped to replace a connection whose document diverged from the server (see MemoConnection.onDiverged).
  const [generation, setGeneration] = useState(0);
  // The connection with the generation it belongs to, set together so the view never pairs a new key with an old connection.
  const [open, setOpen] = useState<{ connection: MemoConnection; generation: number } | null>(null);
  const [watcher] = useState(() => new VisibilityWatcher());
  const [focus] = useState(() => new FocusRequests());
  const restoreScroll = useRef<number | null>(null);

  useEffect(() => () => watcher.disconnect(), [watcher]);

  useEffect(() => {
    const opened = new MemoConnection({ memoId: detail.id, user });
    const offDiverged = opened.onDiverged(() => {
      // Reopen from the server's state; the cell being edited gets the caret back once it is there again.
      const cell = document.activeElement?.closest<HTMLElement>('[data-root]');
      if (cell?.dataset.root) focus.requestOnNextMount(cell.dataset.root);
      restoreScroll.current = window.scrollY;
      setGeneration((n) => n + 1);
    });
    setOpen({ connection: opened, generation });
    return () => {
      offDiverged();
      setOpen(null);
      opened.destroy();
    };
  }, [detail.id, user, generation, focus]);

  if (!open) return <p className="page-status">{t.common.loading}</p>;
  return (
    <ConfirmProvider>
      <OpenMemo
        key={open.generation}
        detail={detail}
        me={me}
        user={user}
        connection={open.connection}
        watcher={watcher}
        focus={focus}
        restoreScroll={restoreScroll}
      />
    </ConfirmProvider>
  );
}

interface OpenMemoProps {
  detail: MemoDetail;
  me: MeView;
  user: PresenceUser;
  connection: MemoConnection;
  watcher: VisibilityWatcher;
  focus: FocusRequests;
  /** Scroll position to return to once the text is shown again (after a reopen), or null. */
  restoreScroll: RefObject<number | null>;
}

function OpenMemo({ detail, me, user, connection, watcher, focus, restoreScroll }: OpenMemoProps): ReactNode {
  const t = useStrings();
  const state = useConnectionState(connection);
  const [columns, setColumns] = useColumnChoice(detail);

  useUnsavedWarning(connection);

  useLayoutEffect(() => {
    if (!state.everSynced || restoreScroll.current === null) return;
    window.scrollTo(0, restoreScroll.current);
    restoreScroll.current = null;
  }, [state.everSynced, restoreScroll]);

  const clauseLabel = useCallback(
    (clauseId: string): string | null => {
      for (const section of buildStructure(readOutline(connection.doc))) {
        for (const group of [section, ...section.subsections]) {
          const clause = group.clauses.find((c) => c.id === clauseId);
          if (!clause) continue;
          const lang = detail.languages[0];
          const heading = lang ? fragmentToPlainText(getSectionTitle(connection.doc, group.id, lang)).split('\n')[0]?.trim() : '';
          const label = clause.number !== null ? String(clause.number) : clauseId;
          return heading ? `${label} (${heading})` : label;
        }
      }
      return null;
    },
    [connection, detail.languages],
  );
  useConnectionToasts(connection, clauseLabel);

  const isObserver = detail.me.role === 'observer';
  const closed = state.closed !== null;
  const visibleLanguages = useMemo<readonly LanguageCode[]>(
    () => (columns === 'all' ? detail.languages : detail.languages.filter((l) => l === columns)),
    [columns, detail.languages],
  );

  const context = useMemo<MemoContextValue>(
    () => ({
      connection,
      doc: connection.doc,
      provider: connection.provider,
      user,
      languages: detail.languages,
      visibleLanguages,
      editable: !isObserver && !closed,
      canStructure: !isObserver && !closed,
      watcher,
      focus,
    }),
    [connection, user, detail.languages, visibleLanguages, isObserver, closed, watcher, focus],
  );

  // CSS reads the column count for its grid and the empty-cell hint for its placeholder.
  const style = { '--columns': String(visibleLanguages.length), '--empty-cell': JSON.stringify(t.memo.emptyCell) } as CSSProperties;
  return (
    <MemoContext.Provider value={context}>
      <div className="memo-page" style={style}>
        <MemoHeader
          detail={detail}
          me={me}
          connection={connection}
          columns={columns}
          onColumnsChange={setColumns}
          readOnly={isObserver}
          banner={closed ? `${t.memo.closedBanner}${state.pending ? ` ${t.memo.closedUnsaved}` : ''}` : null}
        />
        <main className="memo-doc" id="main" aria-busy={!state.everSynced}>
          {state.everSynced ? (
            <article className="memo-paper" lang={detail.languages[0]}>
              <TitleBlock />
              <MemoBody />
            </article>
          ) : (
            <p className="page-status page-status--memo">{t.memo.waitingForText}</p>
          )}
        </main>
      </div>
    </MemoContext.Provider>
  );
}

/** The column choice, remembered per memo in this browser (a reading preference, not memo content). */
function useColumnChoice(detail: MemoDetail): [ColumnChoice, (choice: ColumnChoice) => void] {
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
