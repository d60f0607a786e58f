import type { TFunction } from 'i18next';
import { ApiError } from '../api/ApiError';

/**
 * What to tell a person about a failed call, in the interface language. The
 * server's error bodies carry a machine-readable code and an English message
 * meant for logs; people see the catalogue's message for the code
 * (`errors.<code>`). Anything that is not an API error (a bug) shows its own
 * message, so it is not hidden.
 */
export function errorText(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) return t(`errors.${error.code}`);
  return error instanceof Error ? error.message : String(error);
}
