import { createContext, useContext } from 'react';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { LanguageCode, MemoId, PartyId } from '@accord/shared/ids';
import type { PresenceUser } from '@accord/shared/memo/presence';
import type { Party, Role } from '@accord/shared/memo/schema';
import type { AgreementStore } from '../agreement/AgreementStore';
import type { MemoConnection } from '../collab/MemoConnection';
import type { RefusalReason } from '../editor/ClauseGuard';
import type { FocusRequests } from '../editor/FocusRequests';
import type { SelectionTracker } from '../editor/SelectionTracker';
import type { VisibilityWatcher } from '../editor/VisibilityWatcher';
import type { RowWindow } from './RowWindow';

/**
 * What every part of an open memo needs and what changes rarely: the
 * document and provider, who this window is, which languages exist and
 * which are shown, and whether editing is allowed. Keystrokes never change
 * this value, so consuming it does not make rows re-render while typing.
 */
export interface MemoContextValue {
  memoId: MemoId;
  connection: MemoConnection;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** This window's presence identity (the server shows others its own version of it). */
  user: PresenceUser;
  /** The memo's languages, in column order. */
  languages: readonly LanguageCode[];
  /** The languages whose columns are shown now (a non-empty subset of `languages`, same order). */
  visibleLanguages: readonly LanguageCode[];
  /** False for observers and after the server closed the connection for good. */
  editable: boolean;
  /** Structure controls are offered (editors who are not observers). */
  canStructure: boolean;
  /** Tells cells when to mount and release their editors. */
  watcher: VisibilityWatcher;
  /** Tells clause rows when to render whole and when as placeholders. */
  rows: RowWindow;
  focus: FocusRequests;
  /** The memo's parties, in their order (badges, bracket colours). */
  parties: readonly Party[];
  /** This person's role and party in the memo (what they may sign, bracket, contest). */
  role: Role;
  myPartyId: PartyId | null;
  /** Agreement state per clause, derived live from the document (CL2). */
  agreement: AgreementStore;
  /** The focused clause cell, for the bracket toolbar. */
  selection: SelectionTracker;
  /** The accessible name of a clause cell in the interface language (`labels.clause`). */
  clauseCellLabel: (clauseId: string, lang: string) => string;
  /** The hover text of a bracket: the contesting party's name and the reason. */
  describeBracket: (party: string | null, reason: string | null) => string;
  /** Tells the person that a change was refused in this window (a locked clause, another party's bracket). */
  onRefusedEdit: (clauseId: string, reason: RefusalReason) => void;
}

/** Provides the open memo to its rows and cells. */
export const MemoContext = createContext<MemoContextValue | null>(null);

/** The open memo; only valid under a {@link MemoContext} provider. */
export function useMemoContext(): MemoContextValue {
  const value = useContext(MemoContext);
  if (!value) throw new Error('useMemoContext outside a memo page');
  return value;
}
