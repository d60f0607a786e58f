import type { PartyId, UserId } from '@accord/shared/ids';

/**
 * Every Yjs transaction on a server document is tagged with one of these
 * origins, and the server branches on the tag — never on guesses about where
 * a change came from.
 */
export type TransactionOrigin =
  | { source: 'connection'; connectionId: number; userId: UserId }
  /** A change the server makes: on a person's request (sign-off via REST), or on its own (lock restore: actor null). */
  | { source: 'server'; reason: string; actor: { userId: UserId; partyId: PartyId | null } | null }
  | { source: 'load' };

export const isTransactionOrigin = (value: unknown): value is TransactionOrigin =>
  typeof value === 'object' && value !== null && typeof (value as { source?: unknown }).source === 'string';
