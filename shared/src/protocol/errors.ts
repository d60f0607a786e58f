/**
 * Machine-readable error codes shared by the HTTP API (JSON bodies) and the
 * sync socket (notices). The client maps each code to a translated message.
 */
export const ErrorCode = {
  badRequest: 'bad_request',
  invalidJson: 'invalid_json',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  textChanged: 'text_changed',
  locked: 'locked',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  unavailable: 'unavailable',
  internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Type guard for codes read off the wire (a newer server may send codes this client does not know). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (Object.values(ErrorCode) as string[]).includes(value);
}

/** Every HTTP error response has this body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** HTTP status that goes with each code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  text_changed: 409,
  locked: 423,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error that carries its code; thrown by server logic and rendered as an ErrorBody. */
export class AccordError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AccordError';
  }
}

/** Type guard for response bodies. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}
