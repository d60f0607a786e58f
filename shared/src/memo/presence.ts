import type { PartyId, UserId } from '../ids';

/**
 * The `user` field of a connection's awareness state. The server overwrites
 * whatever the client claims with the identity it knows (SE2), so every
 * caret and avatar shows a real name and party.
 */
export interface PresenceUser {
  id: UserId;
  name: string;
  partyId: PartyId | null;
  color: string;
  role: string;
}

/** Colour of people without a party (facilitator, neutral observers). */
export const NEUTRAL_COLOR = '#6b7280';
