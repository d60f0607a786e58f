import type { NextFunction, Request, Response } from 'express';
import { Router } from 'express';
import multer from 'multer';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { SessionService } from '../auth/SessionService';
import type { ImportService } from '../import/ImportService';
import type { MemoService } from '../memo/MemoService';
import type { UploadedFile } from '../import/parseSource';
import { authenticate, currentUser } from './authenticate';

/** Largest file an import accepts (413 above it). A long memo as .docx is well under 1 MiB. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/**
 * Import routes: a new memo from a .docx, Markdown or plain-text file, and a
 * translation into an existing memo's other language version. The
 * session is checked before the upload is read (SE1); the file is held in
 * memory only, within MAX_IMPORT_BYTES.
 */
export function importRoutes(sessions: SessionService, memos: MemoService, imports: ImportService): Router {
  const router = Router();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 } }).single('file');

  router.post('/api/memos/import', authenticate(sessions), async (req: Request, res: Response) => {
    const user = currentUser(res);
    const file = await receiveFile(upload, req, res);
    res.status(201).json(await imports.importMemo(user, file, { ...(req.body as Record<string, unknown>) }));
  });

  router.post('/api/memos/:id/import-translation', authenticate(sessions), async (req: Request<{ id: string }>, res: Response) => {
    const user = currentUser(res);
    const { memo, member } = await memos.access(req.params.id, user.id);
    const file = await receiveFile(upload, req, res);
    res.json(await imports.importTranslation(memo, user, member, file, { ...(req.body as Record<string, unknown>) }));
  });

  return router;
}

type Upload = (req: Request, res: Response, next: NextFunction) => void;

/** Runs multer and turns its errors into API errors: too large → 413, anything else malformed → 400. */
export function receiveFile(upload: Upload, req: Request, res: Response): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    upload(req, res, (error?: unknown) => {
      if (error instanceof multer.MulterError) {
        reject(
          error.code === 'LIMIT_FILE_SIZE'
            ? new AccordError(ErrorCode.payloadTooLarge, `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`)
            : new AccordError(ErrorCode.badRequest, `upload refused: ${error.message}`),
        );
        return;
      }
      if (error) {
        reject(new AccordError(ErrorCode.badRequest, 'the upload could not be read: send multipart/form-data with a "file" field'));
        return;
      }
      const file = (req as Request & { file?: Express.Multer.File }).file;
      if (!file) {
        reject(new AccordError(ErrorCode.badRequest, 'no file: send multipart/form-data with a "file" field'));
        return;
      }
      // Browsers send the name as UTF-8 bytes that busboy reads as Latin-1.
      const name = /[^\u0000-\u00ff]/.test(file.originalname) ? file.originalname : Buffer.from(file.originalname, 'latin1').toString('utf8');
      resolve({ bytes: new Uint8Array(file.buffer.buffer, file.buffer.byteOffset, file.buffer.byteLength), name });
    });
  });
}
