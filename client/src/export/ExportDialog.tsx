import { useId, useMemo, useState, type ReactNode } from 'react';
import type { MemoHeading } from '@accord/shared/memo/schema';
import { readOutline } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { languageName } from '../memo/languageName';
import { useMemoContext } from '../memo/MemoContext';
import { exportUrl, type ExportChoice } from './exportApi';
import './exportImport.css';
import { DialogCloseButton, ModalDialog } from '../ui/ModalDialog';

const FORMATS: ReadonlyArray<ExportChoice['format']> = ['docx', 'md', 'pdf', 'json'];

/**
 * Export of the memo: format (Word, Markdown, PDF through the print view, the
 * record of agreement as JSON), clean or bracketed text, one language or all
 * side by side. The download is a plain link to the export endpoint; the
 * clean text is flagged as a draft while anything is contested (the server
 * marks the file the same way).
 */
export function ExportDialog({ detail, onClose }: { detail: MemoHeading; onClose: () => void }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [format, setFormat] = useState<ExportChoice['format']>('docx');
  const [variant, setVariant] = useState<ExportChoice['variant']>('clean');
  const [languages, setLanguages] = useState<string>(detail.languages.length > 1 ? 'all' : detail.languages[0]!);
  const [annex, setAnnex] = useState(true);

  // Counted from the live document when the dialog opens: what the export will say, not what the page first loaded.
  const { doc, agreement } = useMemoContext();
  const contested = useMemo(() => readOutline(doc).filter((e) => e.t === 'clause' && agreement.getClause(e.id).status === 'contested').length, [doc, agreement]);
  const choice: ExportChoice = { format, variant, languages: languages === 'all' ? detail.languages : [languages], annex };
  const href = exportUrl(detail.id, choice);
  const isPdf = format === 'pdf';

  return (
    <ModalDialog title={t('exportImport.exportHeading')} onClose={onClose}>
      <div className="dialog__body export-form">
        <fieldset className="field">
          <legend className="field__label">{t('exportImport.format')}</legend>
          {FORMATS.map((f) => (
            <label key={f} className="choice">
              <input type="radio" name={`${id}-format`} value={f} checked={format === f} onChange={() => setFormat(f)} /> {t(`exportImport.formats.${f}`)}
            </label>
          ))}
        </fieldset>
        {format !== 'json' ? (
          <>
            <label className="field">
              <span className="field__label">{t('exportImport.variant')}</span>
              <select className="input" value={variant} onChange={(event) => setVariant(event.target.value as ExportChoice['variant'])}>
                <option value="clean">{t('exportImport.variants.clean')}</option>
                <option value="bracketed">{t('exportImport.variants.bracketed')}</option>
              </select>
            </label>
            {variant === 'clean' && contested > 0 ? (
              <p className="callout callout--warning" role="note">
                {t('exportImport.cleanIsDraft', { count: contested })}
              </p>
            ) : null}
            <label className="field">
              <span className="field__label">{t('exportImport.languages')}</span>
              <select className="input" value={languages} onChange={(event) => setLanguages(event.target.value)}>
                {detail.languages.length > 1 ? <option value="all">{t('exportImport.sideBySide')}</option> : null}
                {detail.languages.map((l) => (
                  <option key={l} value={l}>
                    {languageName(l)}
                  </option>
                ))}
              </select>
            </label>
            {format !== 'pdf' ? (
              <label className="choice">
                <input type="checkbox" checked={annex} onChange={(event) => setAnnex(event.target.checked)} /> {t('exportImport.annex')}
              </label>
            ) : null}
          </>
        ) : null}
        {isPdf ? <p className="field__hint">{t('exportImport.printHint')}</p> : null}
      </div>
      <div className="dialog__actions">
        <DialogCloseButton />
        {isPdf ? (
          <a className="button button--primary" href={href} target="_blank" rel="noopener">
            {t('exportImport.openPrintView')}
          </a>
        ) : (
          <a className="button button--primary" href={href} download>
            {t('exportImport.download')}
          </a>
        )}
      </div>
    </ModalDialog>
  );
}
