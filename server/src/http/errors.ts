import type { ErrorRequestHandler, Response } from 'express';
import { AccordError, ErrorCode, HTTP_STATUS, type ErrorBody } from '@accord/shared/protocol/errors';

/** Sends the one error shape of the API: `{ error: { code, message } }` with the matching status. */
export function sendError(res: Response, code: ErrorCode, message: string, details?: unknown): void {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  res.status(HTTP_STATUS[code]).json(body);
}

interface BodyParserError {
  type?: string;
  status?: number;
}

/**
 * Turns anything thrown by a route into a JSON error. Body-parser's own errors
 * (invalid JSON, too large) get their codes; unknown errors are logged and
 * reported as `internal` without details.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (res.headersSent) return;
  if (error instanceof AccordError) return sendError(res, error.code, error.message, error.details);
  const parserError = error as BodyParserError;
  if (parserError.type === 'entity.parse.failed') return sendError(res, ErrorCode.invalidJson, 'request body is not valid JSON');
  if (parserError.type === 'entity.too.large') return sendError(res, ErrorCode.payloadTooLarge, 'request body is too large');
  if (parserError.status === 400 || parserError.status === 415) return sendError(res, ErrorCode.badRequest, 'request body could not be read');
  console.error('unhandled error in route:', error);
  sendError(res, ErrorCode.internal, 'internal error');
};
