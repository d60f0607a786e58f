import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { languageName } from '../memo/languageName';

/** The file types the importer reads (server/src/import/). */
const ACCEPTED_FILES = '.docx,.md,.markdown,.txt,text/plain,text/markdown';

/** Props of {@link ImportFileFields}. */
export interface ImportFileFieldsProps {
  /** Languages the file may be in. */
  languages: readonly string[];
  language: string;
  onLanguage: (language: string) => void;
  onFile: (file: File | null) => void;
}

/**
 * The two fields every import asks for — the file, and the language it is
 * written in — shared by importing a new memo and importing a translation, so
 * both read alike (and tests find both by the same labels).
 */
export function ImportFileFields({ languages, language, onLanguage, onFile }: ImportFileFieldsProps): ReactNode {
  const { t } = useTranslation();
  return (
    <>
      <label className="field">
        <span className="field__label">{t('exportImport.file')}</span>
        <input className="input" type="file" accept={ACCEPTED_FILES} onChange={(event) => onFile(event.target.files?.[0] ?? null)} required />
      </label>
      <label className="field">
        <span className="field__label">{t('exportImport.language')}</span>
        <select className="input" value={language} onChange={(event) => onLanguage(event.target.value)}>
          {languages.map((l) => (
            <option key={l} value={l}>
              {languageName(l)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
