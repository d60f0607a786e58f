import type { ReactNode } from 'react';
import type { Party } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import type { MemoConnection } from '../collab/MemoConnection';
import { usePresence } from '../collab/usePresence';
import { Avatar } from '../ui/Avatar';
import { partyName } from './partyName';

const SHOWN = 5;

/**
 * Who has the memo open now, from awareness. Names and colours are those the
 * server stamped on each state (SE2), so a person cannot appear as someone
 * else. Avatars carry the party colour that their carets use.
 */
export function PresenceList({ connection, parties }: { connection: MemoConnection; parties: readonly Party[] }): ReactNode {
  const { t, i18n } = useTranslation();
  const people = usePresence(connection.awareness);
  const shown = people.slice(0, SHOWN);
  const hidden = people.slice(SHOWN);
  const describe = (p: (typeof people)[number]): string => {
    const party = parties.find((x) => x.id === p.user.partyId);
    return [p.user.name + (p.isSelf ? ` (${t('common.you')})` : ''), party ? partyName(party, i18n.language) : null].filter(Boolean).join(' · ');
  };
  return (
    <div className="presence" aria-label={t('memo.presence')} role="group">
      <span className="visually-hidden">{t('memo.presenceCount', { count: people.length })}</span>
      <ul className="presence__list">
        {shown.map((person) => (
          <li key={person.user.id} className="presence__person" title={describe(person)} data-user-id={person.user.id}>
            <Avatar name={person.user.name} color={person.user.color} />
            <span className="presence__name">
              {person.user.name}
              {person.isSelf ? <span className="presence__self"> ({t('common.you')})</span> : null}
            </span>
          </li>
        ))}
        {hidden.length > 0 ? (
          <li className="presence__more" title={hidden.map(describe).join('\n')}>
            +{hidden.length}
          </li>
        ) : null}
      </ul>
    </div>
  );
}
