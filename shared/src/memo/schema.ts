import { z } from 'zod';
import { LocaleSchema, type Locale } from '../i18n/locale';
import { ID_PATTERN, LANGUAGE_PATTERN } from '../ids';
import type { ClauseId, LanguageCode, MemoId, PartyId, SectionId, UserId } from '../ids';

/**
 * Roles a person can hold in one memo (DESIGN.md "Who uses it").
 * `owner` is not a role: it is the creator, recorded on the memo.
 */
export const Role = {
  facilitator: 'facilitator',
  drafter: 'drafter',
  signatory: 'signatory',
  observer: 'observer',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

/** Roles whose holders may change the memo's text (everyone but observers). */
export const canEdit = (role: Role): boolean => role !== Role.observer;
/** Only a party's signatory signs for it (SO1); facilitators never sign. */
export const canSign = (role: Role): boolean => role === Role.signatory;
/** Facilitators and observers may be neutral; drafters and signatories act for a party. */
export const roleNeedsParty = (role: Role): boolean => role === Role.drafter || role === Role.signatory;

/** A delegation. Names are given per interface language; `color` marks its carets and brackets. */
export interface Party {
  id: PartyId;
  name: Record<string, string>;
  color: string;
}

/** One person's place in one memo. */
export interface Membership {
  userId: UserId;
  email: string;
  name: string;
  partyId: PartyId | null;
  role: Role;
}

/** An entry of the memo list (`GET /api/memos`). */
export interface MemoSummary {
  id: MemoId;
  title: string;
  role: Role;
  partyId: PartyId | null;
  /**
   * The caller's party (its names and colour), or null without one. Carried
   * here so the memo list never needs a memo's detail, which loads the
   * memo's whole document on the server.
   */
  party: Party | null;
  isOwner: boolean;
  createdAt: string;
}

/** A clause as the API reports it; `number` is derived from its position. */
export interface ClauseView {
  id: ClauseId;
  /** Display number within its section (1-based), or null in unnumbered sections. */
  number: number | null;
  /** CL1 content hash over all language versions. */
  hash: string;
  /** CL2 status, derived by the server. */
  status: 'draft' | 'contested' | 'signed_by_some' | 'agreed';
  locked: boolean;
  /** Each party's latest sign-off; `stale` when it names an earlier text (SO3). */
  signoffs: Array<{ partyId: PartyId; userId: UserId; name: string; hash: string; at: string; stale: boolean }>;
  /** Parties contesting the whole clause, with their reasons. */
  contests: Array<{ partyId: PartyId; userId: UserId; name: string; reason: string; at: string }>;
  /** An open request to reopen this (locked) clause (LK4). */
  reopen: { id: string; partyId: PartyId; name: string; reason: string; at: string; consents: PartyId[] } | null;
}

/** A section with its clauses and (for top-level sections) its sub-sections. */
export interface SectionView {
  id: SectionId;
  level: 1 | 2;
  numbered: boolean;
  /** Plain-text heading per language. */
  title: Record<string, string>;
  clauses: ClauseView[];
  subsections: SectionView[];
}

/**
 * `GET /api/memos/:id/heading`: what the memo page needs before the memo's
 * document arrives — answered from storage alone, so that opening a memo does
 * not make the server decode the document for this request while the page's
 * sync socket waits behind it.
 */
export interface MemoHeading {
  id: MemoId;
  title: string;
  ownerId: UserId;
  parties: Party[];
  languages: LanguageCode[];
  /** The caller's own membership. */
  me: { role: Role; partyId: PartyId | null; isOwner: boolean };
}

/** `GET /api/memos/:id`: the heading and the memo's structure as the server holds it now (read from the live document). */
export interface MemoDetail extends MemoHeading {
  sections: SectionView[];
}

/** `GET /api/me`. */
export interface MeView {
  id: UserId;
  email: string;
  name: string;
  /** The interface language the person chose, remembered per account; null until they choose one (the browser's language applies). */
  locale: Locale | null;
}

const idString = z.string().regex(ID_PATTERN, 'ids are 1–64 letters, digits, - or _');
const languageString = z.string().regex(LANGUAGE_PATTERN, 'a language code such as "zh" or "en"');

/** Request body of `POST /api/memos`. Defaults: two parties, `zh` + `en`. */
export const CreateMemoRequest = z
  .object({
    title: z.string().trim().min(1).max(300),
    languages: z.array(languageString).min(1).max(6).default(['zh', 'en']),
    parties: z
      .array(
        z.object({
          id: idString,
          name: z.record(z.string(), z.string().trim().min(1).max(120)),
          color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
        }),
      )
      .min(2)
      .max(12)
      .optional(),
    /** The creator's own place in the memo; defaults to facilitator. */
    myRole: z.enum(['facilitator', 'drafter', 'signatory', 'observer']).default('facilitator'),
    myPartyId: idString.nullable().default(null),
  })
  .strict()
  .superRefine((value, ctx) => {
    const ids = (value.parties ?? []).map((p) => p.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'party ids must be unique', path: ['parties'] });
    if (new Set(value.languages).size !== value.languages.length)
      ctx.addIssue({ code: 'custom', message: 'languages must be unique', path: ['languages'] });
  });
export type CreateMemoRequest = z.infer<typeof CreateMemoRequest>;

/** Request body of `POST /api/auth/login`. */
export const LoginRequest = z.object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1024) }).strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

/** Request body of `PUT /api/me/preferences`: the account's interface language. */
export const PreferencesRequest = z.object({ locale: LocaleSchema }).strict();
export type PreferencesRequest = z.infer<typeof PreferencesRequest>;

/** Request body of `POST …/clauses/:clauseId/signoffs`: the hash the signatory saw (SO2). */
export const SignOffRequest = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256') }).strict();
/** Request body of contest flags and reopen requests: why. */
export const ReasonRequest = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();

/** Request body of `POST /api/memos/:id/members` (owner only): add or change a member. */
export const PutMemberRequest = z
  .object({
    email: z.string().trim().min(3).max(320),
    role: z.enum(['facilitator', 'drafter', 'signatory', 'observer']),
    partyId: idString.nullable(),
  })
  .strict();
export type PutMemberRequest = z.infer<typeof PutMemberRequest>;
