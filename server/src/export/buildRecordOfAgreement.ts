import type * as Y from 'yjs';
import type { MemoId, PartyId, UserId } from '@accord/shared/ids';
import { deriveStatus, hasOpenBracket, readAgreement, signOffViews } from '@accord/shared/memo/agreement';
import { clauseHash } from '@accord/shared/memo/hash';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { buildStructure, type SectionNode } from '@accord/shared/memo/structure';
import { getTitle, readOutline } from '@accord/shared/memo/ydocLayout';
import type { RecordClause, RecordOfAgreement } from '@accord/shared/export/recordOfAgreement';
import type { MemoRecord } from '../storage/Storage';

/** The memo facts the record needs besides its document. */
export type RecordMemo = Pick<MemoRecord, 'id' | 'title' | 'languages' | 'parties'>;

/** People whose current names replace the names stored with their sign-offs (renamed accounts). */
export type RecordPeople = ReadonlyArray<{ userId: UserId; name: string }>;

/**
 * Builds the record of agreement from a memo's document: per clause, in
 * outline order, its number, current hash, derived status (CL2), the locked
 * hash and time, and every party's signatory, signed hash and time.
 *
 * A pure function of the Y.Doc (no clock, no storage), so a document rebuilt
 * at any revision gives the record as it stood then.
 */
export function buildRecordOfAgreement(doc: Y.Doc, memo: RecordMemo, people: RecordPeople = []): RecordOfAgreement {
  const names = new Map(people.map((p) => [p.userId as string, p.name]));
  const clauses: RecordClause[] = [];
  const visit = (section: SectionNode): void => {
    for (const node of section.clauses) {
      const hash = clauseHash(doc, node.id, memo.languages);
      const agreement = readAgreement(doc, node.id);
      clauses.push({
        clauseId: node.id,
        sectionId: section.id,
        number: node.number,
        status: deriveStatus(agreement, hash, hasOpenBracket(doc, node.id, memo.languages)),
        hash,
        locked: agreement.locked ? { hash: agreement.locked.hash, at: agreement.locked.at } : null,
        signatures: orderByParty(signOffViews(agreement, hash), memo).map((s) => ({
          partyId: s.partyId,
          signatory: { userId: s.userId, name: names.get(s.userId) ?? s.name },
          hash: s.hash,
          at: s.at,
          stale: s.stale,
        })),
        contests: Object.entries(agreement.contests).map(([partyId, c]) => ({
          partyId: partyId as PartyId,
          name: names.get(c.userId) ?? c.name,
          reason: c.reason,
          at: c.at,
        })),
      });
    }
    section.subsections.forEach(visit);
  };
  buildStructure(readOutline(doc)).forEach(visit);
  const count = (status: RecordClause['status']): number => clauses.filter((c) => c.status === status).length;
  const title = fragmentToPlainText(getTitle(doc, memo.languages[0]!)).split('\n')[0]?.trim() || memo.title;
  return {
    memoId: memo.id as MemoId,
    title,
    languages: memo.languages,
    parties: memo.parties,
    clauses,
    summary: {
      total: clauses.length,
      agreed: count('agreed'),
      contested: count('contested'),
      signedBySome: count('signed_by_some'),
      draft: count('draft'),
    },
  };
}

// Signatures in the memo's party order, so the annex lists delegations the same way everywhere.
function orderByParty<T extends { partyId: PartyId }>(items: T[], memo: RecordMemo): T[] {
  const rank = (id: PartyId): number => {
    const i = memo.parties.findIndex((p) => p.id === id);
    return i === -1 ? memo.parties.length : i;
  };
  return [...items].sort((a, b) => rank(a.partyId) - rank(b.partyId));
}
