import type { PartyParticipants } from '@accord/shared/export/recordOfAgreement';
import type { Membership, Party } from '@accord/shared/memo/schema';

const ROLE_ORDER = ['signatory', 'drafter', 'observer', 'facilitator'];

/**
 * The participants list of a memo's closing pages, from its membership:
 * one group per delegation in the memo's party order, heads of delegation
 * (signatories) first. Neutral members (facilitators, observers without a
 * party) belong to no delegation and are not listed.
 */
export function buildParticipants(parties: readonly Party[], members: readonly Membership[]): PartyParticipants[] {
  return parties
    .map((party) => ({
      partyId: party.id,
      partyName: party.name,
      people: members
        .filter((m) => m.partyId === party.id)
        .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.name.localeCompare(b.name))
        .map((m) => ({ userId: m.userId, name: m.name, role: m.role })),
    }))
    .filter((group) => group.people.length > 0);
}
