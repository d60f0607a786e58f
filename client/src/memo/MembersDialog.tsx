import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { MemoHeading, Membership, Role } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { listMembers, putMember, removeMember } from '../api/memos';
import { partyName } from './partyName';
import { errorText } from '../i18n/errorText';
import { DialogCloseButton, ModalDialog } from '../ui/ModalDialog';

const ROLE_OPTIONS: readonly Role[] = ['facilitator', 'drafter', 'signatory', 'observer'];

/**
 * The owner's members panel: who belongs to the memo in which role and
 * party, add or change someone by e-mail, remove someone. The server checks
 * ownership on every call; this panel is only offered to the owner.
 */
export function MembersDialog({ detail, onClose }: { detail: MemoHeading; onClose: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const [members, setMembers] = useState<Membership[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('drafter');
  const [partyId, setPartyId] = useState<string>(detail.parties[0]?.id ?? '');
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      setMembers(await listMembers(detail.id));
    } catch (cause) {
      setError(t('members.loadFailed', { message: errorText(t, cause) }));
    }
  }, [detail.id, t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      await reload();
    } catch (cause) {
      setError(t('members.failed', { message: errorText(t, cause) }));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void run(async () => {
      await putMember(detail.id, { email: email.trim(), role, partyId: partyId === '' ? null : partyId });
      setEmail('');
    });
  };

  const partyLabel = (pid: string | null): string => {
    const party = detail.parties.find((p) => p.id === pid);
    return party ? partyName(party, i18n.language) : '—';
  };

  return (
    <ModalDialog title={t('members.heading')} wide onClose={onClose}>
      {members === null && !error ? <p>{t('common.loading')}</p> : null}
      {members ? (
        <table className="members-table">
          <thead>
            <tr>
              <th scope="col">{t('members.name')}</th>
              <th scope="col">{t('members.email')}</th>
              <th scope="col">{t('members.role')}</th>
              <th scope="col">{t('members.party')}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.name}</td>
                <td>{m.email}</td>
                <td>{t(`roles.${m.role}`)}</td>
                <td>{partyLabel(m.partyId)}</td>
                <td>
                  {m.userId === detail.ownerId ? null : (
                    <button type="button" className="text-button text-button--danger" disabled={busy} onClick={() => void run(() => removeMember(detail.id, m.userId))}>
                      {t('members.remove', { name: m.name })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form className="members-form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">{t('members.email')}</span>
          <input className="input" type="email" value={email} onChange={(event) => setEmail(event.target.value)} required />
        </label>
        <label className="field">
          <span className="field__label">{t('members.role')}</span>
          <select className="input" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLE_OPTIONS.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('members.party')}</span>
          <select className="input" value={partyId} onChange={(event) => setPartyId(event.target.value)}>
            <option value="">{t('newMemo.neutral')}</option>
            {detail.parties.map((p) => (
              <option key={p.id} value={p.id}>
                {partyName(p, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={busy || email.trim() === ''}>
          {t('members.add')}
        </button>
      </form>
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <DialogCloseButton />
      </div>
    </ModalDialog>
  );
}
