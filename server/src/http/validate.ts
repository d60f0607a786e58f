import type { z } from 'zod';
import { AccordError, ErrorCode } from '@accord/shared/protocol/errors';

/** Parses a request body with a schema from shared/, throwing a 400 that lists what is wrong. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new AccordError(ErrorCode.badRequest, `invalid request: ${issues.map((i) => `${i.path || 'body'}: ${i.message}`).join('; ')}`, issues);
  }
  return result.data;
}
