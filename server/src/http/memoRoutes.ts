import { Router, type Request, type Response } from 'express';
import type { LanguageCode, PartyId, UserId } from '@accord/shared/ids';
import { CreateMemoRequest, PutMemberRequest, roleNeedsParty, type Membership, type Party } from '@accord/shared/memo/schema';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { SessionService } from '../auth/SessionService';
import { blankMemoSeed } from '../memo/seedMemo';
import { DEFAULT_PARTIES, type MemoService } from '../memo/MemoService';
import type { MemoRecord, Storage } from '../storage/Storage';
import { authenticate, currentUser } from './authenticate';
import { parseBody } from './validate';

/** Called after an owner changes someone's membership, so open sockets follow at once. */
export type MembershipChanged = (memoId: MemoRecord['id'], userId: UserId) => void;

/** Memo list, creation, structure and membership management. */
export function memoRoutes(storage: Storage, sessions: SessionService, memos: MemoService, onMembershipChanged: MembershipChanged): Router {
  const router = Router();
  router.use('/api/memos', authenticate(sessions));

  router.get('/api/memos', async (_req: Request, res: Response) => {
    res.json(await memos.listFor(currentUser(res).id));
  });

  router.post('/api/memos', async (req: Request, res: Response) => {
    const user = currentUser(res);
    const body = parseBody(CreateMemoRequest, req.body);
    const parties = (body.parties as Party[] | undefined) ?? [...DEFAULT_PARTIES];
    checkPartyRole(parties, body.myRole, body.myPartyId);
    const languages = body.languages as LanguageCode[];
    const id = await memos.create({
      title: body.title,
      ownerId: user.id,
      parties,
      languages,
      seed: blankMemoSeed(body.title, languages),
      members: [{ userId: user.id, role: body.myRole, partyId: body.myPartyId as PartyId | null }],
    });
    res.status(201).json({ id });
  });

  router.get('/api/memos/:id', async (req: Request<{ id: string }>, res: Response) => {
    const { memo, member } = await memos.access(req.params.id, currentUser(res).id);
    res.json(await memos.detail(memo, member));
  });

  router.get('/api/memos/:id/heading', async (req: Request<{ id: string }>, res: Response) => {
    const { memo, member } = await memos.access(req.params.id, currentUser(res).id);
    res.json(memos.heading(memo, member));
  });

  router.get('/api/memos/:id/members', async (req: Request<{ id: string }>, res: Response) => {
    const { memo } = await memos.access(req.params.id, currentUser(res).id);
    const members: Membership[] = [];
    for (const m of await storage.listMembers(memo.id)) {
      const u = await storage.findUserById(m.userId);
      if (u) members.push({ userId: u.id, email: u.email, name: u.name, partyId: m.partyId, role: m.role });
    }
    res.json({ members });
  });

  router.put('/api/memos/:id/members', async (req: Request<{ id: string }>, res: Response) => {
    const { memo } = await ownerAccess(req.params.id, res);
    const body = parseBody(PutMemberRequest, req.body);
    checkPartyRole(memo.parties, body.role, body.partyId);
    const user = await storage.findUserByEmail(body.email);
    if (!user) throw new AccordError(ErrorCode.notFound, 'no account with this email');
    if (user.id === memo.ownerId && body.role === 'observer') throw new AccordError(ErrorCode.badRequest, 'the owner cannot become an observer');
    await storage.putMember({ memoId: memo.id, userId: user.id, role: body.role, partyId: body.partyId as PartyId | null });
    onMembershipChanged(memo.id, user.id);
    res.json({ member: { userId: user.id, email: user.email, name: user.name, partyId: body.partyId as PartyId | null, role: body.role } satisfies Membership });
  });

  router.delete('/api/memos/:id/members/:userId', async (req: Request<{ id: string; userId: string }>, res: Response) => {
    const { memo } = await ownerAccess(req.params.id, res);
    const userId = req.params.userId as UserId;
    if (userId === memo.ownerId) throw new AccordError(ErrorCode.badRequest, 'the owner cannot be removed');
    if (!(await storage.removeMember(memo.id, userId))) throw new AccordError(ErrorCode.notFound, 'not a member of this memo');
    onMembershipChanged(memo.id, userId);
    res.status(204).end();
  });

  async function ownerAccess(memoId: string, res: Response) {
    const access = await memos.access(memoId, currentUser(res).id);
    if (access.memo.ownerId !== access.member.userId) throw new AccordError(ErrorCode.forbidden, 'only the memo owner manages membership');
    return access;
  }

  return router;
}

function checkPartyRole(parties: readonly Party[], role: Parameters<typeof roleNeedsParty>[0], partyId: string | null): void {
  if (partyId !== null && !parties.some((p) => p.id === partyId)) throw new AccordError(ErrorCode.badRequest, `unknown party "${partyId}"`);
  if (roleNeedsParty(role) && partyId === null) throw new AccordError(ErrorCode.badRequest, `a ${role} acts for a party: give partyId`);
  if (role === 'facilitator' && partyId !== null) throw new AccordError(ErrorCode.badRequest, 'a facilitator is neutral: partyId must be null');
}
