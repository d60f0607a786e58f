/**
 * Branded identifiers. A brand makes a `PartyId` unassignable to a `ClauseId`
 * even though both are strings at run time, so ids cannot be mixed up silently.
 */
declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Identifies one memo (one negotiated document, one Y.Doc). */
export type MemoId = Brand<string, 'MemoId'>;
/** Identifies a clause; stable for the clause's whole life, across moves. */
export type ClauseId = Brand<string, 'ClauseId'>;
/** Identifies a section or sub-section. */
export type SectionId = Brand<string, 'SectionId'>;
/** Identifies a party (delegation) within one memo. */
export type PartyId = Brand<string, 'PartyId'>;
/** Identifies a person's account. */
export type UserId = Brand<string, 'UserId'>;
/** A language version code, e.g. `zh` or `en` (BCP 47 primary subtag). */
export type LanguageCode = Brand<string, 'LanguageCode'>;

/** Ids we mint are short, URL-safe and free of the `:` used in Y.Doc root names. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Language codes are lowercase ASCII letters, optionally with a region (`zh`, `en`, `pt-br`). */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/;

const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Mints a random id of `length` characters from an unambiguous alphabet. */
export function newId(length = 12): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);
export const asMemoId = (s: string): MemoId => s as MemoId;
export const asClauseId = (s: string): ClauseId => s as ClauseId;
export const asSectionId = (s: string): SectionId => s as SectionId;
export const asPartyId = (s: string): PartyId => s as PartyId;
export const asUserId = (s: string): UserId => s as UserId;
export const asLanguage = (s: string): LanguageCode => s as LanguageCode;
