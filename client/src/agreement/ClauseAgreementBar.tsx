import { memo, type CSSProperties, type ReactNode } from 'react';
import type { ClauseId } from '@accord/shared/ids';
import type { SignOffView } from '@accord/shared/memo/agreement';
import { canSign, roleNeedsParty, type Party } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../i18n/format';
import { useMemoContext } from '../memo/MemoContext';
import { partyName } from '../memo/partyName';
import { IconLock } from '../ui/icons';
import type { ClauseAgreementState } from './AgreementStore';
import { useAgreementActions } from './useAgreementActions';

/** Props of {@link ClauseAgreementBar}. */
export interface ClauseAgreementBarProps {
  clauseId: ClauseId;
  state: ClauseAgreementState;
}

/**
 * The agreement line under a clause: its status (CL2), one badge per party
 * (signed / unsigned / stale, SO3), the actions this person may take for
 * their own party — sign, withdraw, contest, request or consent to
 * reopening — and, when there are any, the parties' contests and an open
 * reopen request. Buttons are offered by role for convenience only; the
 * server checks every action (SO1).
 */
export const ClauseAgreementBar = memo(function ClauseAgreementBar({ clauseId, state }: ClauseAgreementBarProps): ReactNode {
  const { t, i18n } = useTranslation();
  const { dateTime, relative } = useDateFormat();
  const { parties, languages, role, myPartyId, editable } = useMemoContext();
  const actions = useAgreementActions(clauseId);
  const { agreement, status, locked } = state;
  const signatory = editable && canSign(role) && myPartyId !== null;
  const actsForParty = editable && roleNeedsParty(role) && myPartyId !== null;
  const mine = myPartyId ? state.signoffs.get(myPartyId) : undefined;
  // Every party holds a valid sign-off but the clause did not lock (it was contested when the last one signed):
  // signing again now locks it, so the button comes back.
  const readyToLock =
    !locked && status !== 'contested' && parties.every((p) => {
      const view = state.signoffs.get(p.id);
      return view !== undefined && !view.stale;
    });
  const contests = Object.entries(agreement.contests);
  const reopen = agreement.reopen;
  const partyOf = (id: string): Party | undefined => parties.find((p) => p.id === id);
  const nameOf = (id: string): string => {
    const party = partyOf(id);
    return party ? partyName(party, i18n.language) : id;
  };

  return (
    <div className="clause-agreement">
      <div className="clause-agreement__line">
        <span
          className={`clause-status clause-status--${status}`}
          data-clause-status={status}
          title={locked && agreement.locked ? `${t('agreement.lockedSince', { at: dateTime(agreement.locked.at) })} ${t('agreement.statusHint.agreed')}` : t(`agreement.statusHint.${status}`)}
        >
          {locked ? <IconLock /> : null}
          {t(`agreement.status.${status}`)}
        </span>
        <ul className="signoff-badges" aria-label={t('agreement.signoffs')}>
          {parties.map((party) => (
            <SignOffBadge key={party.id} party={party} view={state.signoffs.get(party.id)} />
          ))}
        </ul>
        <div className="clause-agreement__actions" role="group" aria-label={t('agreement.actions')}>
          {signatory && !locked && (!mine || mine.stale || readyToLock) ? (
            <button
              type="button"
              className="chip-button chip-button--primary"
              title={readyToLock ? t('agreement.signAgainHint') : t('agreement.signHint')}
              disabled={actions.busy}
              onClick={actions.sign}
            >
              {t('agreement.sign')}
            </button>
          ) : null}
          {signatory && !locked && mine ? (
            <button type="button" className="chip-button" disabled={actions.busy} onClick={actions.withdraw}>
              {t('agreement.withdraw')}
            </button>
          ) : null}
          {actsForParty && !locked && myPartyId && !agreement.contests[myPartyId] ? (
            <button type="button" className="chip-button" disabled={actions.busy} onClick={actions.contest}>
              {t('agreement.contest')}
            </button>
          ) : null}
          {signatory && locked && !reopen ? (
            <button type="button" className="chip-button" disabled={actions.busy} onClick={actions.requestReopen}>
              {t('agreement.requestReopen')}
            </button>
          ) : null}
        </div>
      </div>
      {state.brackets.length > 0 ? (
        <ul className="clause-brackets" aria-label={t('agreement.bracket.list')}>
          {state.brackets.map((span, index) => (
            <li key={index} className="clause-bracket" data-party={span.party ?? undefined} style={partyStyle(span.party ? partyOf(span.party) : undefined)}>
              {languages.length > 1 ? <span className="clause-bracket__lang">{span.lang}</span> : null}
              <span className="bracket" data-party={span.party ?? undefined}>
                {excerpt(span.text)}
              </span>
              <span>
                {span.party ? nameOf(span.party) : t('agreement.bracket.unknownParty')}
                {span.reason ? (
                  <>
                    {t('common.colon')}
                    <q>{span.reason}</q>
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {contests.length > 0 ? (
        <ul className="clause-contests" aria-label={t('agreement.contests')}>
          {contests.map(([partyId, contest]) => (
            <li key={partyId} className="clause-contest" data-party={partyId} style={partyStyle(partyOf(partyId))}>
              <span className="clause-contest__text">
                {t('agreement.contestedBy', { party: nameOf(partyId), name: contest.name })}
                {t('common.colon')}
                <q>{contest.reason}</q>
              </span>
              {actsForParty && partyId === myPartyId && !locked ? (
                <button type="button" className="chip-button" disabled={actions.busy} onClick={actions.withdrawContest}>
                  {t('agreement.withdrawContest')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {reopen ? (
        <div className="reopen-request" data-reopen-request={reopen.id}>
          <p className="reopen-request__text">
            <strong>{t('agreement.reopen.heading')}</strong> {t('agreement.reopen.by', { name: reopen.name, party: nameOf(reopen.partyId), at: relative(reopen.at) })}
            {t('common.colon')}
            <q>{reopen.reason}</q>
          </p>
          <ul className="reopen-request__consents" aria-label={t('agreement.reopen.consents')}>
            {parties
              .filter((p) => p.id !== reopen.partyId)
              .map((p) => {
                const consented = reopen.consents[p.id] !== undefined;
                return (
                  <li key={p.id} data-party={p.id} data-consented={consented} style={partyStyle(p)}>
                    <span className="party-dot" aria-hidden="true" />
                    {partyName(p, i18n.language)}
                    {t('common.colon')}
                    {consented ? t('agreement.reopen.consented') : t('agreement.reopen.waiting')}
                  </li>
                );
              })}
          </ul>
          {signatory && locked && myPartyId && reopen.partyId !== myPartyId && !reopen.consents[myPartyId] ? (
            <button type="button" className="chip-button chip-button--primary" disabled={actions.busy} onClick={() => actions.consentToReopen(reopen.id)}>
              {t('agreement.consentReopen')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
});

type BadgeState = 'unsigned' | 'signed' | 'stale';

/** One party's sign-off on the clause: unsigned, signed (the current text) or stale (an earlier text, SO3). */
function SignOffBadge({ party, view }: { party: Party; view: SignOffView | undefined }): ReactNode {
  const { t, i18n } = useTranslation();
  const { dateTime } = useDateFormat();
  const name = partyName(party, i18n.language);
  const state: BadgeState = !view ? 'unsigned' : view.stale ? 'stale' : 'signed';
  const description =
    state === 'unsigned' || !view
      ? t('agreement.badgeTitle.unsigned', { party: name })
      : state === 'stale'
        ? t('agreement.badgeTitle.stale', { party: name, name: view.name, at: dateTime(view.at) })
        : t('agreement.badgeTitle.signed', { party: name, name: view.name, at: dateTime(view.at) });
  return (
    <li className={`signoff-badge signoff-badge--${state}`} data-party={party.id} data-signoff-state={state} title={description} style={partyStyle(party)}>
      <span className="party-dot" aria-hidden="true" />
      <span aria-hidden="true">
        {name}
        {t('common.colon')}
        {t(`agreement.badge.${state}`)}
      </span>
      <span className="visually-hidden">{description}</span>
    </li>
  );
}

/** Bracketed text as quoted in the list: long spans shortened. */
function excerpt(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 80 ? `${trimmed.slice(0, 79)}…` : trimmed;
}

function partyStyle(party: Party | undefined): CSSProperties | undefined {
  return party ? ({ '--party-color': party.color } as CSSProperties) : undefined;
}
