import { Router, type Request, type Response } from 'express';
import type { ClauseId } from '@accord/shared/ids';
import { ReasonRequest, SignOffRequest } from '@accord/shared/memo/schema';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import { verifyAuditChain } from '../audit/auditHash';
import type { SessionService } from '../auth/SessionService';
import type { MemoService } from '../memo/MemoService';
import type { AgreementService } from '../signoff/AgreementService';
import type { Storage } from '../storage/Storage';
import { authenticate, currentUser } from './authenticate';
import { parseBody } from './validate';

type ClauseParams = { id: string; clauseId: string };

/**
 * Sign-off, withdrawal, contest flags, reopen requests and consents, and the
 * audit log. Every route checks the session and membership (SE1); the role
 * checks (SO1) live in AgreementService so no other path can skip them.
 */
export function agreementRoutes(storage: Storage, sessions: SessionService, memos: MemoService, agreement: AgreementService): Router {
  const router = Router();
  router.use('/api/memos', authenticate(sessions));
  const actor = async (req: Request<ClauseParams | { id: string }>, res: Response) => {
    const user = currentUser(res);
    const { memo, member } = await memos.access(req.params.id, user.id);
    return { memo, actor: { user, member } };
  };
  const clauseId = (req: Request<ClauseParams>): ClauseId => req.params.clauseId as ClauseId;

  router.get('/api/memos/:id/clauses/:clauseId', async (req: Request<ClauseParams>, res: Response) => {
    const { memo } = await actor(req, res);
    res.json(await agreement.view(memo, clauseId(req)));
  });

  router.post('/api/memos/:id/clauses/:clauseId/signoffs', async (req: Request<ClauseParams>, res: Response) => {
    const { memo, actor: who } = await actor(req, res);
    const { hash } = parseBody(SignOffRequest, req.body);
    res.json(await agreement.signOff(memo, who, clauseId(req), hash));
  });

  router.delete('/api/memos/:id/clauses/:clauseId/signoffs', async (req: Request<ClauseParams>, res: Response) => {
    const { memo, actor: who } = await actor(req, res);
    res.json(await agreement.withdraw(memo, who, clauseId(req)));
  });

  router.post('/api/memos/:id/clauses/:clauseId/contest', async (req: Request<ClauseParams>, res: Response) => {
    const { memo, actor: who } = await actor(req, res);
    const { reason } = parseBody(ReasonRequest, req.body);
    res.json(await agreement.contest(memo, who, clauseId(req), reason));
  });

  router.delete('/api/memos/:id/clauses/:clauseId/contest', async (req: Request<ClauseParams>, res: Response) => {
    const { memo, actor: who } = await actor(req, res);
    res.json(await agreement.uncontest(memo, who, clauseId(req)));
  });

  router.post('/api/memos/:id/clauses/:clauseId/reopen-requests', async (req: Request<ClauseParams>, res: Response) => {
    const { memo, actor: who } = await actor(req, res);
    const { reason } = parseBody(ReasonRequest, req.body);
    res.status(201).json(await agreement.requestReopen(memo, who, clauseId(req), reason));
  });

  router.post('/api/memos/:id/clauses/:clauseId/reopen-requests/:rid/consent', async (req: Request<ClauseParams & { rid: string }>, res: Response) => {
    const { memo, actor: who } = await actor(req, res);
    res.json(await agreement.consentReopen(memo, who, clauseId(req), req.params.rid));
  });

  router.get('/api/memos/:id/audit', async (req: Request<{ id: string }>, res: Response) => {
    const { memo } = await actor(req, res);
    res.json({ entries: await storage.listAudit(memo.id) });
  });

  router.get('/api/memos/:id/audit/verify', async (req: Request<{ id: string }>, res: Response) => {
    const { memo, actor: who } = await actor(req, res);
    if (memo.ownerId !== who.user.id) throw new AccordError(ErrorCode.forbidden, 'only the memo owner verifies the audit log');
    res.json(verifyAuditChain(memo.id, await storage.listAudit(memo.id)));
  });

  return router;
}
