import type * as Y from 'yjs';
import { newId, type ClauseId, type PartyId } from '@accord/shared/ids';
import {
  allPartiesSigned,
  getAgreementMap,
  hasOpenBracket,
  readAgreement,
  type ClauseAgreement,
} from '@accord/shared/memo/agreement';
import { clauseHash } from '@accord/shared/memo/hash';
import { canSign, roleNeedsParty, type ClauseView } from '@accord/shared/memo/schema';
import { clauseIdsOf } from '@accord/shared/memo/structure';
import { readOutline } from '@accord/shared/memo/ydocLayout';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { DocumentRegistry } from '../sync/DocumentRegistry';
import type { MemoDocument } from '../sync/MemoDocument';
import type { MemberRecord, MemoRecord, NewAuditEntry, Storage, UserRecord } from '../storage/Storage';
import { clauseView } from './clauseView';

/** Who asks: the person and their membership in the memo. */
export interface Actor {
  user: UserRecord;
  member: MemberRecord;
}

type Event = Omit<NewAuditEntry, 'at' | 'userId' | 'partyId' | 'clauseId'>;

/**
 * Sign-off, contest flags, locks and reopening (SO1–SO5, LK4, AU1). Every
 * decision is made on the live document inside one server transaction, so
 * "the hash the signer saw equals the current hash" and "the last party signs
 * → the clause locks" happen in the same step as the write, with no edit in
 * between; the result is committed before the caller hears back. Audit
 * entries and named revisions follow the commit.
 */
export class AgreementService {
  constructor(
    private readonly storage: Storage,
    private readonly registry: DocumentRegistry,
  ) {}

  /** SO1, SO2, SO5: a party's signatory signs the clause at the hash they saw. */
  async signOff(memo: MemoRecord, actor: Actor, clauseId: ClauseId, hash: string): Promise<ClauseView> {
    const party = signatoryParty(actor);
    let lockedNow = false;
    return this.change(memo, actor, clauseId, 'signoff', (doc, agreement) => {
      if (agreement.locked) throw new AccordError(ErrorCode.locked, 'this clause is already agreed and locked');
      const current = clauseHash(doc, clauseId, memo.languages);
      if (hash !== current) throw new AccordError(ErrorCode.textChanged, 'text changed: the clause is no longer the text you signed; review it and sign again', { currentHash: current });
      const at = new Date().toISOString();
      agreement.signoffs[party] = { userId: actor.user.id, name: actor.user.name, hash, at };
      const events: Event[] = [{ type: 'signoff', data: { hash } }];
      // SO4 + SO5: the last signature on the current hash locks the clause, unless something is contested.
      const contested = hasOpenBracket(doc, clauseId, memo.languages) || Object.keys(agreement.contests).length > 0;
      if (!contested && allPartiesSigned(agreement, memo.parties, hash)) {
        agreement.locked = { hash, at };
        lockedNow = true;
        events.push({ type: 'lock', data: { hash, signatories: Object.fromEntries(Object.entries(agreement.signoffs).map(([p, s]) => [p, s.userId])) } });
      }
      return events;
    }).then(async (view) => {
      // Every sign-off is a named revision (issue 4); the one that completes agreement is the lock (SO5).
      if (lockedNow) await this.namedRevision(memo, actor, `Clause ${clauseId} agreed`, 'lock');
      else await this.namedRevision(memo, actor, `Clause ${clauseId} signed off by ${party}`, 'signoff');
      return view;
    });
  }

  /** SO1: a party's signatory withdraws its sign-off (not from a locked clause: reopen it first). */
  async withdraw(memo: MemoRecord, actor: Actor, clauseId: ClauseId): Promise<ClauseView> {
    const party = signatoryParty(actor);
    return this.change(memo, actor, clauseId, 'withdraw', (_doc, agreement) => {
      if (agreement.locked) throw new AccordError(ErrorCode.locked, 'this clause is agreed and locked; request reopening first');
      const had = agreement.signoffs[party];
      if (!had) throw new AccordError(ErrorCode.notFound, 'your party has not signed this clause');
      delete agreement.signoffs[party];
      return [{ type: 'withdraw', data: { hash: had.hash } }];
    });
  }

  /** A party flags the whole clause as contested, with a reason (blocks agreement, SO4). */
  async contest(memo: MemoRecord, actor: Actor, clauseId: ClauseId, reason: string): Promise<ClauseView> {
    const party = actingParty(actor);
    return this.change(memo, actor, clauseId, 'contest', (_doc, agreement) => {
      if (agreement.locked) throw new AccordError(ErrorCode.locked, 'this clause is agreed and locked; request reopening first');
      agreement.contests[party] = { userId: actor.user.id, name: actor.user.name, reason, at: new Date().toISOString() };
      return [{ type: 'contest', data: { reason } }];
    });
  }

  /**
   * A party lifts its own contest flag. If every party already holds a valid
   * sign-off on the current text and nothing else is contested, the clause
   * locks in the same step (SO5): the last obstacle is gone.
   */
  async uncontest(memo: MemoRecord, actor: Actor, clauseId: ClauseId): Promise<ClauseView> {
    const party = actingParty(actor);
    let lockedNow = false;
    return this.change(memo, actor, clauseId, 'uncontest', (doc, agreement) => {
      if (!agreement.contests[party]) throw new AccordError(ErrorCode.notFound, 'your party does not contest this clause');
      delete agreement.contests[party];
      const events: Event[] = [{ type: 'uncontest', data: {} }];
      const hash = clauseHash(doc, clauseId, memo.languages);
      const contested = hasOpenBracket(doc, clauseId, memo.languages) || Object.keys(agreement.contests).length > 0;
      if (!contested && allPartiesSigned(agreement, memo.parties, hash)) {
        agreement.locked = { hash, at: new Date().toISOString() };
        lockedNow = true;
        events.push({ type: 'lock', data: { hash, signatories: Object.fromEntries(Object.entries(agreement.signoffs).map(([p, s]) => [p, s.userId])) } });
      }
      return events;
    }).then(async (view) => {
      if (lockedNow) await this.namedRevision(memo, actor, `Clause ${clauseId} agreed`, 'lock');
      return view;
    });
  }

  /** LK4: a party's signatory asks to reopen a locked clause. */
  async requestReopen(memo: MemoRecord, actor: Actor, clauseId: ClauseId, reason: string): Promise<ClauseView> {
    const party = signatoryParty(actor);
    return this.change(memo, actor, clauseId, 'reopen-request', (_doc, agreement) => {
      if (!agreement.locked) throw new AccordError(ErrorCode.conflict, 'this clause is not locked');
      if (agreement.reopen) throw new AccordError(ErrorCode.conflict, 'a reopen request is already open for this clause');
      const id = newId();
      agreement.reopen = { id, partyId: party, userId: actor.user.id, name: actor.user.name, reason, at: new Date().toISOString(), consents: {} };
      return [{ type: 'reopen-request', data: { requestId: id, reason } }];
    });
  }

  /** LK4: another party's signatory consents; when every other party has, the lock lifts and sign-offs clear. */
  async consentReopen(memo: MemoRecord, actor: Actor, clauseId: ClauseId, requestId: string): Promise<ClauseView> {
    const party = signatoryParty(actor);
    let reopened = false;
    return this.change(memo, actor, clauseId, 'reopen-consent', (_doc, agreement) => {
      const request = agreement.reopen;
      if (!request || request.id !== requestId) throw new AccordError(ErrorCode.notFound, 'no such reopen request');
      if (request.partyId === party) throw new AccordError(ErrorCode.conflict, 'the requesting party cannot consent to its own request');
      request.consents[party] = { userId: actor.user.id, name: actor.user.name, at: new Date().toISOString() };
      const events: Event[] = [{ type: 'reopen-consent', data: { requestId } }];
      const others = memo.parties.filter((p) => p.id !== request.partyId);
      if (others.every((p) => request.consents[p.id])) {
        events.push({ type: 'reopen', data: { requestId, previousHash: agreement.locked?.hash ?? null, reason: request.reason } });
        agreement.locked = null;
        agreement.signoffs = {};
        agreement.reopen = null;
        reopened = true;
      }
      return events;
    }).then(async (view) => {
      if (reopened) await this.namedRevision(memo, actor, `Clause ${clauseId} reopened`, 'reopen');
      return view;
    });
  }

  /** The current view of one clause. */
  async view(memo: MemoRecord, clauseId: ClauseId): Promise<ClauseView> {
    return this.withDoc(memo, async (open) => {
      requireClause(open.doc, clauseId);
      return clauseView(open.doc, memo, clauseId, null);
    });
  }

  private async change(
    memo: MemoRecord,
    actor: Actor,
    clauseId: ClauseId,
    reason: string,
    decide: (doc: Y.Doc, agreement: ClauseAgreement) => Event[],
  ): Promise<ClauseView> {
    return this.withDoc(memo, async (open) => {
      let events: Event[] = [];
      await open.serverChange(reason, { userId: actor.user.id, partyId: actor.member.partyId }, (doc) => {
        requireClause(doc, clauseId);
        const agreement = structuredClone(readAgreement(doc, clauseId));
        events = decide(doc, agreement);
        getAgreementMap(doc).set(clauseId, agreement);
      });
      for (const e of events) {
        await this.storage.appendAudit(memo.id, { ...e, at: new Date().toISOString(), userId: actor.user.id, partyId: actor.member.partyId, clauseId });
      }
      return clauseView(open.doc, memo, clauseId, null);
    });
  }

  private async namedRevision(memo: MemoRecord, actor: Actor, name: string, kind: string): Promise<void> {
    await this.storage.addNamedRevision(memo.id, { name, kind, userId: actor.user.id, at: new Date().toISOString() });
  }

  private async withDoc<T>(memo: MemoRecord, work: (open: MemoDocument) => Promise<T>): Promise<T> {
    const open = await this.registry.acquire(memo);
    try {
      return await work(open);
    } finally {
      await this.registry.release(open, null);
    }
  }
}

function requireClause(doc: Y.Doc, clauseId: ClauseId): void {
  if (!clauseIdsOf(readOutline(doc)).includes(clauseId)) throw new AccordError(ErrorCode.notFound, 'no clause with this id in the memo');
}

/** SO1: only a signatory acts for a party's signature. */
function signatoryParty(actor: Actor): PartyId {
  if (!canSign(actor.member.role) || actor.member.partyId === null) {
    throw new AccordError(ErrorCode.forbidden, 'only a signatory of a party can sign, withdraw or reopen for it');
  }
  return actor.member.partyId;
}

/** Drafters and signatories act for their party (contest flags). */
function actingParty(actor: Actor): PartyId {
  if (!roleNeedsParty(actor.member.role) || actor.member.partyId === null) {
    throw new AccordError(ErrorCode.forbidden, 'only a drafter or signatory of a party can contest for it');
  }
  return actor.member.partyId;
}
