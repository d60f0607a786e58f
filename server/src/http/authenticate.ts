import type { NextFunction, Request, Response } from 'express';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';
import type { SessionService } from '../auth/SessionService';
import type { UserRecord } from '../storage/Storage';

interface AuthLocals {
  user?: UserRecord;
  sessionHash?: string;
}

/** SE1: every API route but login and health goes through this; 401 without a valid session. */
export function authenticate(sessions: SessionService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const found = await sessions.userFromCookieHeader(req.headers.cookie);
    if (!found) throw new AccordError(ErrorCode.unauthenticated, 'log in first');
    const locals = res.locals as AuthLocals;
    locals.user = found.user;
    locals.sessionHash = found.tokenHash;
    next();
  };
}

/** The authenticated user of this request (only after `authenticate`). */
export function currentUser(res: Response): UserRecord {
  const user = (res.locals as AuthLocals).user;
  if (!user) throw new AccordError(ErrorCode.unauthenticated, 'log in first');
  return user;
}

/** The hashed session token of this request (only after `authenticate`). */
export function currentSessionHash(res: Response): string {
  const hash = (res.locals as AuthLocals).sessionHash;
  if (!hash) throw new AccordError(ErrorCode.unauthenticated, 'log in first');
  return hash;
}
