import type * as Y from 'yjs';
import type { ClauseId, PartyId } from '@accord/shared/ids';
import { deriveStatus, hasOpenBracket, readAgreement, signOffViews } from '@accord/shared/memo/agreement';
import { clauseHash } from '@accord/shared/memo/hash';
import type { ClauseView } from '@accord/shared/memo/schema';
import type { MemoRecord } from '../storage/Storage';

/** The API view of one clause's text hash and agreement state, read from the live document. */
export function clauseView(doc: Y.Doc, memo: MemoRecord, clauseId: ClauseId, number: number | null): ClauseView {
  const hash = clauseHash(doc, clauseId, memo.languages);
  const agreement = readAgreement(doc, clauseId);
  return {
    id: clauseId,
    number,
    hash,
    status: deriveStatus(agreement, hash, hasOpenBracket(doc, clauseId, memo.languages)),
    locked: agreement.locked !== null,
    signoffs: signOffViews(agreement, hash),
    contests: Object.entries(agreement.contests).map(([partyId, c]) => ({ ...c, partyId: partyId as PartyId })),
    reopen: agreement.reopen
      ? {
          id: agreement.reopen.id,
          partyId: agreement.reopen.partyId,
          name: agreement.reopen.name,
          reason: agreement.reopen.reason,
          at: agreement.reopen.at,
          consents: Object.keys(agreement.reopen.consents) as PartyId[],
        }
      : null,
  };
}
