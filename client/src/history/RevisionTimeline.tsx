import type { ReactNode } from 'react';
import type { RevisionSummary } from '@accord/shared/history/schema';
import type { Party } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../i18n/format';
import { givenNames } from './givenNames';
import { partyColor } from './partyColor';

/** Props of {@link RevisionTimeline}. */
export interface RevisionTimelineProps {
  /** Newest first. */
  revisions: RevisionSummary[];
  parties: readonly Party[];
  selected: number | null;
  onSelect: (rev: number) => void;
  hasOlder: boolean;
  onLoadOlder: () => void;
}

/**
 * The revision timeline: who (name, party colour), when, what kind, which
 * clauses changed — newest first, like a version list. Selecting an entry
 * shows the memo as it was then (or sets the compare target).
 */
export function RevisionTimeline({ revisions, parties, selected, onSelect, hasOlder, onLoadOlder }: RevisionTimelineProps): ReactNode {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  return (
    <nav className="history-timeline" aria-label={t('history.timeline')}>
      <h2 className="history-timeline__title">{t('history.timeline')}</h2>
      <ol className="history-timeline__list">
        {revisions.map((r) => (
          <li key={r.rev}>
            <button
              type="button"
              className="history-entry"
              aria-pressed={selected === r.rev}
              data-rev={r.rev}
              onClick={() => onSelect(r.rev)}
            >
              <span className="history-entry__dot" style={{ background: partyColor(parties, r.partyId) }} aria-hidden="true" />
              <span className="history-entry__body">
                <span className="history-entry__who">{r.userName ?? t('history.server')}</span>
                <span className="history-entry__when">{dateTime(r.at, 'second')}</span>
                <span className="history-entry__kind">
                  {t(`history.kinds.${r.kind}`)} · {t('history.revision', { rev: r.rev })}
                </span>
                {givenNames(r.labels).map((l) => (
                  <span key={l.id} className="history-entry__label">
                    {l.name}
                  </span>
                ))}
                {r.clauses.length > 0 ? <span className="history-entry__clauses">{t('history.clausesChanged', { ids: shortList(r.clauses) })}</span> : null}
                {r.agreementClauses.length > 0 ? <span className="history-entry__clauses">{t('history.statusOf', { ids: shortList(r.agreementClauses) })}</span> : null}
                {r.structure ? <span className="history-entry__clauses">{t('history.structureChanged')}</span> : null}
              </span>
            </button>
          </li>
        ))}
      </ol>
      {hasOlder ? (
        <button type="button" className="button button--quiet button--small" onClick={onLoadOlder}>
          {t('history.loadOlder')}
        </button>
      ) : null}
    </nav>
  );
}

const shortList = (ids: readonly string[]): string => (ids.length > 4 ? `${ids.slice(0, 4).join(', ')} +${ids.length - 4}` : ids.join(', '));
