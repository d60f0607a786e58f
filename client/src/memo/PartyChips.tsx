import type { ReactNode } from 'react';
import type { PartyId } from '@accord/shared/ids';
import type { Party } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { partyName } from './partyName';

/** The memo's parties, each with its colour; the reader's own party is marked. */
export function PartyChips({ parties, myPartyId }: { parties: readonly Party[]; myPartyId: PartyId | null }): ReactNode {
  const { t, i18n } = useTranslation();
  return (
    <ul className="parties" aria-label={t('memo.parties')}>
      {parties.map((party) => (
        <li key={party.id} className={party.id === myPartyId ? 'party-chip party-chip--mine' : 'party-chip'}>
          <span className="party-chip__swatch" style={{ backgroundColor: party.color }} aria-hidden="true" />
          {partyName(party, i18n.language)}
        </li>
      ))}
    </ul>
  );
}
