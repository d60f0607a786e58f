import * as Y from 'yjs';
import { newId, type LanguageCode, type MemoId, type PartyId, type UserId } from '@accord/shared/ids';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import type { MemoDetail, MemoHeading, MemoSummary, Party, SectionView } from '@accord/shared/memo/schema';
import type { MemoSeed } from '@accord/shared/memo/seed';
import { buildStructure, type SectionNode } from '@accord/shared/memo/structure';
import { getSectionTitle, getTitle, readOutline } from '@accord/shared/memo/ydocLayout';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { DocumentRegistry } from '../sync/DocumentRegistry';
import type { MemberRecord, MemoRecord, Storage } from '../storage/Storage';
import { clauseView } from '../signoff/clauseView';
import { writeMemoSeed } from './seedMemo';

/** Default delegations of a new memo when the request names none. */
export const DEFAULT_PARTIES: readonly Party[] = [
  { id: 'a' as PartyId, name: { en: 'Party A', zh: '甲方' }, color: '#b45309' },
  { id: 'b' as PartyId, name: { en: 'Party B', zh: '乙方' }, color: '#0f766e' },
];

/** What it takes to create a memo on the server (DU3). */
export interface NewMemo {
  title: string;
  ownerId: UserId;
  parties: Party[];
  languages: LanguageCode[];
  seed: MemoSeed;
  members: Array<Omit<MemberRecord, 'memoId'>>;
}

/**
 * Memo-level operations behind the HTTP routes: creating a memo with its
 * initial content in one transaction, listing, and describing a memo's
 * structure with each clause's hash (CL1) from the live document.
 */
export class MemoService {
  constructor(
    private readonly storage: Storage,
    private readonly registry: DocumentRegistry,
  ) {}

  async create(input: NewMemo): Promise<MemoId> {
    const id = newId() as MemoId;
    const doc = new Y.Doc();
    writeMemoSeed(doc, input.seed, input.languages);
    const update = Y.encodeStateAsUpdate(doc);
    const seedClient = doc.clientID;
    doc.destroy();
    const createdAt = Date.now();
    const memo: MemoRecord = { id, title: input.title, ownerId: input.ownerId, parties: input.parties, languages: input.languages, createdAt };
    await this.storage.createMemo(
      memo,
      input.members.map((m) => ({ ...m, memoId: id })),
      // The seed's client id belongs to the server (null): no client may write under it.
      { update, userId: null, partyId: null, createdAt, clientIds: [seedClient] },
    );
    return id;
  }

  async listFor(userId: UserId): Promise<MemoSummary[]> {
    const rows = await this.storage.listMemosOf(userId);
    return rows.map(({ memo, member }) => ({
      id: memo.id,
      title: memo.title,
      role: member.role,
      partyId: member.partyId,
      party: memo.parties.find((p) => p.id === member.partyId) ?? null,
      isOwner: memo.ownerId === userId,
      createdAt: new Date(memo.createdAt).toISOString(),
    }));
  }

  /** What the memo page needs before the document arrives, from storage alone (no document load). */
  heading(memo: MemoRecord, member: MemberRecord): MemoHeading {
    return {
      id: memo.id,
      title: memo.title,
      ownerId: memo.ownerId,
      parties: memo.parties,
      languages: memo.languages,
      me: { role: member.role, partyId: member.partyId, isOwner: memo.ownerId === member.userId },
    };
  }

  /** The memo's structure now, read from the live document (loading it if nobody has it open). */
  async detail(memo: MemoRecord, member: MemberRecord): Promise<MemoDetail> {
    const open = await this.registry.acquire(memo);
    try {
      await open.whenCommitted();
      const doc = open.doc;
      const languages = memo.languages;
      const title = fragmentToPlainText(getTitle(doc, languages[0]!)).split('\n')[0] || memo.title;
      const toView = (node: SectionNode): SectionView => ({
        id: node.id,
        level: node.level,
        numbered: node.numbered,
        title: Object.fromEntries(languages.map((l) => [l, fragmentToPlainText(getSectionTitle(doc, node.id, l))])),
        clauses: node.clauses.map((c) => clauseView(doc, memo, c.id, c.number)),
        subsections: node.subsections.map(toView),
      });
      return { ...this.heading(memo, member), title, sections: buildStructure(readOutline(doc)).map(toView) };
    } finally {
      await this.registry.release(open, null);
    }
  }

  /** Loads a memo and the caller's membership: not_found for an unknown id, forbidden for a non-member (SE1). */
  async access(memoId: string, userId: UserId): Promise<{ memo: MemoRecord; member: MemberRecord }> {
    const memo = await this.storage.getMemo(memoId as MemoId);
    const member = memo ? await this.storage.getMember(memo.id, userId) : null;
    if (!memo) throw new AccordError(ErrorCode.notFound, 'no memo with this id');
    if (!member) throw new AccordError(ErrorCode.forbidden, 'you are not a member of this memo');
    return { memo, member };
  }
}
