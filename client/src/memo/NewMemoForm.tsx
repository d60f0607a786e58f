import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { LANGUAGE_PATTERN } from '@accord/shared/ids';
import type { Role } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { createMemo } from '../api/memos';
import { ApiError } from '../api/ApiError';
import { useSession } from '../ui/Session';
import { errorText } from '../i18n/errorText';

interface PartyDraft {
  id: string;
  name: string;
  color: string;
}

/** Calm, distinguishable party colours (also used for carets, so they must read on white). */
const PARTY_COLORS = ['#b4443a', '#2f5fa7', '#2f7d5b', '#8a5a9e', '#b7791f', '#0f766e', '#9f1239', '#4d5b2a'];
const ROLE_OPTIONS: readonly Role[] = ['facilitator', 'drafter', 'signatory', 'observer'];

/** Party ids are short and stable: `a`, `b`, `c`, … (then `p27`, …). */
function partyIdFor(index: number): string {
  return index < 26 ? String.fromCharCode(97 + index) : `p${index + 1}`;
}

/**
 * Starts a memo: title, parties (two by default, names editable), languages
 * (zh, en by default) and the creator's own role. The server creates the
 * first draft (DU3); on success we open it.
 */
export function NewMemoForm(): ReactNode {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { expired } = useSession();
  const formId = useId();
  const [title, setTitle] = useState('');
  const [parties, setParties] = useState<PartyDraft[]>(() =>
    [t('newMemo.defaultPartyNames.first'), t('newMemo.defaultPartyNames.second')].map((name, i) => ({ id: partyIdFor(i), name, color: PARTY_COLORS[i % PARTY_COLORS.length]! })),
  );
  const [languages, setLanguages] = useState('zh, en');
  const [myRole, setMyRole] = useState<Role>('facilitator');
  const [myPartyId, setMyPartyId] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const languageList = languages
    .split(/[\s,]+/)
    .map((code) => code.trim().toLowerCase())
    .filter(Boolean);
  const languagesValid =
    languageList.length >= 1 && languageList.length <= 6 && new Set(languageList).size === languageList.length && languageList.every((code) => LANGUAGE_PATTERN.test(code));
  const needsParty = myRole === 'drafter' || myRole === 'signatory';
  const partyValid = !needsParty || parties.some((p) => p.id === myPartyId);
  const canSubmit = !busy && title.trim() !== '' && parties.every((p) => p.name.trim() !== '') && languagesValid && partyValid;

  const updateParty = (index: number, patch: Partial<PartyDraft>): void =>
    setParties((list) => list.map((party, i) => (i === index ? { ...party, ...patch } : party)));

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!canSubmit) return;
    setBusy(true);
    setError(null);
    try {
      const id = await createMemo({
        title: title.trim(),
        languages: languageList,
        parties: parties.map((p) => ({ id: p.id, name: { [i18n.language]: p.name.trim() }, color: p.color })),
        myRole,
        myPartyId: myPartyId === '' ? null : myPartyId,
      });
      navigate(`/memos/${encodeURIComponent(id)}`);
    } catch (cause) {
      if (cause instanceof ApiError && cause.isUnauthenticated) {
        expired();
        return;
      }
      setError(t('newMemo.failed', { message: errorText(t, cause) }));
      setBusy(false);
    }
  };

  return (
    <section className="new-memo" aria-labelledby={`${formId}-heading`}>
      <h2 id={`${formId}-heading`} className="section-title">
        {t('newMemo.heading')}
      </h2>
      <p className="section-intro">{t('newMemo.intro')}</p>
      <form className="form form--wide" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field__label">{t('newMemo.title')}</span>
          <input className="input" value={title} onChange={(event) => setTitle(event.target.value)} placeholder={t('newMemo.titlePlaceholder')} required maxLength={300} />
        </label>

        <fieldset className="fieldset">
          <legend className="field__label">{t('newMemo.parties')}</legend>
          {parties.map((party, i) => (
            <div className="party-row" key={party.id}>
              <input
                type="color"
                className="party-row__color"
                value={party.color}
                aria-label={t('newMemo.partyColor', { n: i + 1 })}
                onChange={(event) => updateParty(i, { color: event.target.value })}
              />
              <input
                className="input"
                value={party.name}
                aria-label={t('newMemo.partyName', { n: i + 1 })}
                onChange={(event) => updateParty(i, { name: event.target.value })}
                required
                maxLength={120}
              />
              <code className="party-row__id">{party.id}</code>
              {parties.length > 2 ? (
                <button
                  type="button"
                  className="button button--quiet button--small"
                  aria-label={t('newMemo.removeParty', { n: i + 1 })}
                  onClick={() => {
                    setParties((list) => list.filter((_, j) => j !== i));
                    if (myPartyId === party.id) setMyPartyId('');
                  }}
                >
                  {t('newMemo.remove')}
                </button>
              ) : null}
            </div>
          ))}
          {parties.length < 12 ? (
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                setParties((list) => {
                  const used = new Set(list.map((p) => p.id));
                  let n = list.length;
                  while (used.has(partyIdFor(n))) n++;
                  return [...list, { id: partyIdFor(n), name: t('newMemo.newPartyName', { n: list.length + 1 }), color: PARTY_COLORS[list.length % PARTY_COLORS.length]! }];
                })
              }
            >
              {t('newMemo.addParty')}
            </button>
          ) : null}
        </fieldset>

        <label className="field">
          <span className="field__label">{t('newMemo.languages')}</span>
          <input
            className="input input--short"
            value={languages}
            onChange={(event) => setLanguages(event.target.value)}
            aria-invalid={!languagesValid}
            aria-describedby={`${formId}-languages-hint`}
          />
          <span className={languagesValid ? 'field__hint' : 'field__hint field__hint--error'} id={`${formId}-languages-hint`}>
            {languagesValid ? t('newMemo.languagesHint') : t('newMemo.invalidLanguages')}
          </span>
        </label>

        <div className="field-row">
          <label className="field">
            <span className="field__label">{t('newMemo.myRole')}</span>
            <select className="input" value={myRole} onChange={(event) => setMyRole(event.target.value as Role)}>
              {ROLE_OPTIONS.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('newMemo.myParty')}</span>
            <select className="input" value={myPartyId} onChange={(event) => setMyPartyId(event.target.value)} aria-invalid={!partyValid}>
              <option value="">{t('newMemo.neutral')}</option>
              {parties.map((party) => (
                <option key={party.id} value={party.id}>
                  {party.name || party.id}
                </option>
              ))}
            </select>
          </label>
        </div>
        {!partyValid ? <p className="field__hint field__hint--error">{t('newMemo.partyNeeded')}</p> : null}
        {error ? (
          <p className="form__error" role="alert">
            {error}
          </p>
        ) : null}
        <div>
          <button className="button button--primary" type="submit" disabled={!canSubmit}>
            {busy ? t('newMemo.submitting') : t('newMemo.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
