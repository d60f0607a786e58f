import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { ImportReport, ImportWarning } from '@accord/shared/import/importReport';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api/ApiError';
import { errorText } from '../i18n/errorText';
import { useSession } from '../ui/Session';
import { importMemo } from './importApi';
import { ImportFileFields } from './ImportFileFields';
import '../export/exportImport.css';

const LANGUAGES = ['zh', 'en'] as const;

/**
 * Starts a memo from a file someone already has (.docx, .md, .txt). The
 * server parses it and writes the memo (DU3); on success the new memo opens —
 * unless the importer had to interpret something (numbers that shift or do
 * not run 1, 2, 3…, participants lists or tables left out): then the report
 * says so first, in the reader's language, and a button opens the memo.
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
  const [report, setReport] = useState<ImportReport | null>(null);
  const memoPath = (id: string): string => `/memos/${encodeURIComponent(id)}`;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    try {
      const imported = await importMemo(file, language, title);
      const { participants, tables } = imported.skipped;
      if (imported.warnings.length === 0 && participants === 0 && tables === 0) {
        navigate(memoPath(imported.id));
        return;
      }
      setReport(imported);
      setBusy(false);
    } catch (cause) {
      if (cause instanceof ApiError && cause.isUnauthenticated) {
        expired();
        return;
      }
      setError(t('exportImport.importFailed', { message: errorText(t, cause) }));
      setBusy(false);
    }
  };

  const warningText = (w: ImportWarning): string => {
    switch (w.kind) {
      case 'lead_in_numbered':
        return t('exportImport.importWarning.lead_in_numbered', { section: w.section, count: w.count });
      case 'numbering_irregular':
        return t('exportImport.importWarning.numbering_irregular', { section: w.section, numbers: w.numbers.join(', ') });
    }
  };

  if (report) {
    return (
      <section className="new-memo" aria-labelledby={`${formId}-heading`}>
        <h2 id={`${formId}-heading`} className="section-title">
          {t('exportImport.importHeading')}
        </h2>
        <div role="status" className="import-report">
          <p>{t('exportImport.importDone', { title: report.title, sections: report.sections, clauses: report.clauses })}</p>
          {report.warnings.length > 0 ? (
            <>
              <p>{t('exportImport.importCheck')}</p>
              <ul className="import-report__list">
                {report.warnings.map((w, i) => (
                  <li key={i}>{warningText(w)}</li>
                ))}
              </ul>
            </>
          ) : null}
          {report.skipped.participants + report.skipped.tables > 0 ? (
            <p>{t('exportImport.importSkipped', { participants: report.skipped.participants, tables: report.skipped.tables })}</p>
          ) : null}
        </div>
        <div className="form__actions">
          <button type="button" className="button button--primary" onClick={() => navigate(memoPath(report.id))}>
            {t('exportImport.openImported')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="new-memo" aria-labelledby={`${formId}-heading`}>
      <h2 id={`${formId}-heading`} className="section-title">
        {t('exportImport.importHeading')}
      </h2>
      <p className="section-intro">{t('exportImport.importIntro')}</p>
      <form className="form form--wide" onSubmit={(event) => void submit(event)}>
        <ImportFileFields languages={LANGUAGES} language={language} onLanguage={setLanguage} onFile={setFile} />
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
