import type { NextFunction, Request, Response } from 'express';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for state-changing requests: a browser always sends `Origin`
 * on cross-site POST/PUT/DELETE, so one naming another host is refused. Tools
 * that send no Origin (curl, tests) are unaffected; the session cookie is
 * also SameSite=Lax.
 */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export function sameOrigin(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method) || isSameOrigin(req.headers.origin, req.headers.host)) return next();
  throw new AccordError(ErrorCode.forbidden, 'cross-origin request refused');
}
