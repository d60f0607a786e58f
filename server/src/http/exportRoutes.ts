import { Router, type Request, type Response } from 'express';
import { ExportQuery } from '@accord/shared/export/exportQuery';
import type { SessionService } from '../auth/SessionService';
import type { ExportService } from '../export/ExportService';
import type { HistoryService } from '../history/HistoryService';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { MemoService } from '../memo/MemoService';
import { authenticate, currentUser } from './authenticate';
import { parseBody } from './validate';

/**
 * Export of a memo (DOCX, Markdown, the print view that browsers print to
 * PDF, the record of agreement as JSON) and the record of agreement itself.
 * Any member may export (SE1: session + membership).
 */
export function exportRoutes(sessions: SessionService, memos: MemoService, exports: ExportService, history: Pick<HistoryService, 'rebuild'>): Router {
  const router = Router();
  router.use('/api/memos', authenticate(sessions));

  // `?revision=N`: the record as it stood right after update N (HI1).
  router.get('/api/memos/:id/record', async (req: Request<{ id: string }>, res: Response) => {
    const { memo } = await memos.access(req.params.id, currentUser(res).id);
    const revision = req.query.revision;
    if (revision === undefined) {
      res.json(await exports.record(memo));
      return;
    }
    if (typeof revision !== 'string' || !/^\d{1,15}$/.test(revision)) throw new AccordError(ErrorCode.badRequest, 'revision must be a positive integer');
    const doc = await history.rebuild(memo.id, Number(revision));
    try {
      res.json(await exports.record(memo, doc));
    } finally {
      doc.destroy();
    }
  });

  router.get('/api/memos/:id/export', async (req: Request<{ id: string }>, res: Response) => {
    const { memo } = await memos.access(req.params.id, currentUser(res).id);
    const query = parseBody(ExportQuery, { ...(req.query as Record<string, unknown>) });
    if (query.format === 'pdf') {
      // The server runs no browser: a PDF is the print view printed by the reader's browser.
      const params = new URLSearchParams(req.query as Record<string, string>);
      params.set('format', 'html');
      res.redirect(303, `/api/memos/${encodeURIComponent(memo.id)}/export?${params.toString()}`);
      return;
    }
    const file = await exports.export(memo, query);
    // The print view opens in the tab (to be printed); every other format downloads.
    const disposition = query.format === 'html' ? 'inline' : 'attachment';
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-disposition', `${disposition}; filename="${asciiName(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
    res.setHeader('cache-control', 'no-store');
    res.send(file.body);
  });

  return router;
}

const asciiName = (name: string): string => name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
