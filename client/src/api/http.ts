import { ErrorCode } from '@accord/shared/protocol/errors';
import { ApiError } from './ApiError';

/**
 * The one place that talks HTTP to the Accord server. Same origin, session in
 * an HttpOnly cookie, JSON in and out; every non-2xx answer becomes an
 * {@link ApiError} so callers never inspect raw responses.
 */
export async function apiRequest<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw new ApiError(0, ErrorCode.unavailable, cause instanceof Error ? cause.message : String(cause));
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text.length > 0 ? JSON.parse(text) : undefined) as T;
}
