import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TranslationMismatch, TranslationReport } from '@accord/shared/import/importReport';
import type { MemoHeading } from '@accord/shared/memo/schema';
import { errorText } from '../i18n/errorText';
import { importTranslation } from './importApi';
import { ImportFileFields } from './ImportFileFields';
import '../export/exportImport.css';
import { DialogCloseButton, ModalDialog } from '../ui/ModalDialog';
import { clauseListName } from '../i18n/clauseRefText';

/**
 * Fills one language version of this memo from a translation file, matched
 * clause by clause on the server. Shows what was filled in, which clauses had
 * no counterpart (unchanged), which paragraphs of the file fit nothing, and
 * which locked clauses were left alone. The new text arrives in the editor
 * through the live document like anyone's edit.
 */
export function ImportTranslationDialog({ detail, onClose }: { detail: MemoHeading; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [language, setLanguage] = useState<string>(detail.languages[detail.languages.length - 1]!);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<TranslationReport | null>(null);

  const mismatchText = (m: TranslationMismatch): string => {
    switch (m.kind) {
      case 'section_count':
        return t('exportImport.mismatch.section_count', { file: m.file, memo: m.memo });
      case 'clause_count':
        return t('exportImport.mismatch.clause_count', { section: m.section, memo: m.memo, file: m.file });
      case 'locked':
        return t('exportImport.mismatch.locked');
      case 'bracketed':
        return t('exportImport.mismatch.bracketed');
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await importTranslation(detail.id, file, language));
    } catch (cause) {
      setError(t('exportImport.importFailed', { message: errorText(t, cause) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <ModalDialog title={t('exportImport.translationHeading')} wide onClose={onClose}>
      <p>{t('exportImport.translationIntro')}</p>
      <form className="export-form" onSubmit={(event) => void submit(event)}>
        <ImportFileFields languages={detail.languages} language={language} onLanguage={setLanguage} onFile={setFile} />
        <div className="form__actions">
          <button type="submit" className="button button--primary" disabled={!file || busy}>
            {busy ? t('exportImport.importing') : t('exportImport.translationSubmit')}
          </button>
        </div>
      </form>
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
      {report ? (
        <div className="translation-report" role="status">
          <p>{t('exportImport.translationMatched', { count: report.matched.length })}</p>
          {report.refusedLocked.length > 0 ? <p>{t('exportImport.translationLocked', { count: report.refusedLocked.length })}</p> : null}
          {report.unmatchedClauses.length > 0 ? (
            <>
              <h3>{t('exportImport.translationUnmatched')}</h3>
              <ul>
                {report.unmatchedClauses.map((c) => (
                  <li key={c.clauseId}>
                    {clauseListName(t, c.sectionTitle, c.number) || c.clauseId}
                    {t('common.colon')}
                    {mismatchText(c.mismatch)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.unmatchedParagraphs.length > 0 ? (
            <>
              <h3>{t('exportImport.translationExtra')}</h3>
              <ul>
                {report.unmatchedParagraphs.map((p, i) => (
                  <li key={i}>
                    “{p.text}” — {mismatchText(p.mismatch)}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <div className="dialog__actions">
        <DialogCloseButton />
      </div>
    </ModalDialog>
  );
}
