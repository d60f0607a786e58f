import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/ApiError';
import { errorText } from '../i18n/errorText';
import { languageName } from '../memo/languageName';
import { useSession } from '../ui/Session';
import { importMemo } from './importApi';
import '../export/exportImport.css';

const LANGUAGES = ['zh', 'en'] as const;

/**
 * Starts a memo from a file someone already has (.docx, .md, .txt). The
 * server parses it and writes the memo (DU3); on success the new memo opens.
 * The memo gets the new-memo defaults (Chinese and English, two parties,
 * the importer as facilitator and owner).
 */
export function ImportMemoForm(): ReactNode {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { expired } = useSession();
  const formId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [language, setLanguage] = useState<string>('zh');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    try {
      const report = await importMemo(file, language, title);
      navigate(`/memos/${encodeURIComponent(report.id)}`);
    } catch (cause) {
      if (cause instanceof ApiError && cause.isUnauthenticated) {
        expired();
        return;
      }
      setError(t('exportImport.importFailed', { message: errorText(t, cause) }));
      setBusy(false);
    }
  };

  return (
    <section className="new-memo" aria-labelledby={`${formId}-heading`}>
      <h2 id={`${formId}-heading`} className="section-title">
        {t('exportImport.importHeading')}
      </h2>
      <p className="section-intro">{t('exportImport.importIntro')}</p>
      <form className="form form--wide" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field__label">{t('exportImport.file')}</span>
          <input className="input" type="file" accept=".docx,.md,.markdown,.txt,text/plain,text/markdown" onChange={(event) => setFile(event.target.files?.[0] ?? null)} required />
        </label>
        <label className="field">
          <span className="field__label">{t('exportImport.language')}</span>
          <select className="input" value={language} onChange={(event) => setLanguage(event.target.value)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field__label">{t('exportImport.title')}</span>
          <input className="input" value={title} onChange={(event) => setTitle(event.target.value)} maxLength={300} />
        </label>
        {error ? (
          <p className="form__error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={!file || busy}>
            {busy ? t('exportImport.importing') : t('exportImport.importSubmit')}
          </button>
        </div>
      </form>
    </section>
  );
}
