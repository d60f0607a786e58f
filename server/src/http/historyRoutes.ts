import { Router, type Request, type Response } from 'express';
import type { ClauseId } from '@accord/shared/ids';
import { NameRevisionRequest, RestoreRequest } from '@accord/shared/history/schema';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { SessionService } from '../auth/SessionService';
import type { HistoryService } from '../history/HistoryService';
import type { MemoService } from '../memo/MemoService';
import { authenticate, currentUser } from './authenticate';
import { parseBody } from './validate';

/**
 * Revision history (HI1, HI2): the timeline, a revision's content, compare,
 * naming and restore. Every route checks the session and membership (SE1);
 * writes (naming, restore) are refused to observers by HistoryService.
 */
export function historyRoutes(sessions: SessionService, memos: MemoService, history: HistoryService): Router {
  const router = Router();
  router.use('/api/memos', authenticate(sessions));
  const access = async (req: Request<{ id: string }>, res: Response) => {
    const user = currentUser(res);
    const { memo, member } = await memos.access(req.params.id, user.id);
    return { memo, actor: { user, member } };
  };

  router.get('/api/memos/:id/revisions', async (req: Request<{ id: string }>, res: Response) => {
    const { memo } = await access(req, res);
    const before = optionalInt(req.query.before, 'before');
    const limit = optionalInt(req.query.limit, 'limit');
    res.json(await history.listRevisions(memo, { ...(before === undefined ? {} : { before }), ...(limit === undefined ? {} : { limit }) }));
  });

  router.post('/api/memos/:id/revisions', async (req: Request<{ id: string }>, res: Response) => {
    const { memo, actor } = await access(req, res);
    const { name } = parseBody(NameRevisionRequest, req.body);
    res.status(201).json(await history.nameRevision(memo, actor, name));
  });

  router.get('/api/memos/:id/revisions/:rev', async (req: Request<{ id: string; rev: string }>, res: Response) => {
    const { memo } = await access(req, res);
    res.json(await history.detail(memo, requiredInt(req.params.rev, 'revision')));
  });

  router.get('/api/memos/:id/compare', async (req: Request<{ id: string }>, res: Response) => {
    const { memo } = await access(req, res);
    res.json(await history.compare(memo, requiredInt(req.query.from, 'from'), requiredInt(req.query.to, 'to')));
  });

  router.get('/api/memos/:id/clauses/:clauseId/history', async (req: Request<{ id: string; clauseId: string }>, res: Response) => {
    const { memo } = await access(req, res);
    res.json(await history.clauseHistory(memo, req.params.clauseId as ClauseId));
  });

  router.post('/api/memos/:id/clauses/:clauseId/restore', async (req: Request<{ id: string; clauseId: string }>, res: Response) => {
    const { memo, actor } = await access(req, res);
    const { revision } = parseBody(RestoreRequest, req.body);
    res.json(await history.restore(memo, actor, revision, [req.params.clauseId as ClauseId]));
  });

  router.post('/api/memos/:id/restore', async (req: Request<{ id: string }>, res: Response) => {
    const { memo, actor } = await access(req, res);
    const { revision } = parseBody(RestoreRequest, req.body);
    res.json(await history.restore(memo, actor, revision, null));
  });

  return router;
}

function requiredInt(value: unknown, name: string): number {
  const n = optionalInt(value, name);
  if (n === undefined) throw new AccordError(ErrorCode.badRequest, `${name} is required`);
  return n;
}

function optionalInt(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw new AccordError(ErrorCode.badRequest, `${name} must be a positive integer`);
  return Number(value);
}
