import { ErrorCode, isErrorBody } from '@accord/shared/protocol/errors';

/**
 * A failed API call, carrying the server's machine-readable code so that the
 * interface can show a translated message and react to `unauthenticated`
 * (send the person to the login page) without parsing message text.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the session is missing or expired: the caller should show the login page. */
  get isUnauthenticated(): boolean {
    return this.status === 401 && this.code !== ErrorCode.invalidCredentials;
  }

  /** Builds an ApiError from a response whose body may or may not be our JSON error body. */
  static async fromResponse(response: Response): Promise<ApiError> {
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not JSON (a proxy error page, an empty body): fall back to the status
    }
    if (isErrorBody(body)) return new ApiError(response.status, body.error.code, body.error.message);
    return new ApiError(response.status, codeForStatus(response.status), response.statusText || `HTTP ${response.status}`);
  }
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return ErrorCode.badRequest;
    case 401:
      return ErrorCode.unauthenticated;
    case 403:
      return ErrorCode.forbidden;
    case 404:
      return ErrorCode.notFound;
    case 409:
      return ErrorCode.conflict;
    case 413:
      return ErrorCode.payloadTooLarge;
    case 423:
      return ErrorCode.locked;
    case 429:
      return ErrorCode.rateLimited;
    case 503:
      return ErrorCode.unavailable;
    default:
      return ErrorCode.internal;
  }
}
