import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordOfAgreement } from '@accord/shared/export/recordOfAgreement';
import type { MemoHeading } from '@accord/shared/memo/schema';
import { headingLanguage, sectionHeading } from '../agreement/clauseRef';
import { errorText } from '../i18n/errorText';
import { useDateFormat } from '../i18n/format';
import { useMemoContext } from '../memo/MemoContext';
import { partyName } from '../memo/partyName';
import { exportUrl, fetchRecord } from './exportApi';
import { DialogCloseButton, ModalDialog } from '../ui/ModalDialog';
import { clauseListName } from '../i18n/clauseRefText';

/**
 * The record of agreement: for every clause its status, and each party's
 * signatory, the exact hash they signed and when; for agreed clauses the time
 * the clause locked. Read from the server (the same record the JSON download
 * and the DOCX annex carry).
 */
export function AgreementRecordDialog({ detail, onClose }: { detail: MemoHeading; onClose: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const { dateTime } = useDateFormat();
  const { doc } = useMemoContext();
  const [record, setRecord] = useState<RecordOfAgreement | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    fetchRecord(detail.id).then(
      (r) => !cancelled && setRecord(r),
      (cause: unknown) => !cancelled && setError(t('exportImport.recordFailed', { message: errorText(t, cause) })),
    );
    return () => {
      cancelled = true;
    };
  }, [detail.id, t]);

  // Section headings from the live document: in the reader's interface language when the memo has that version, else in any version that has one.
  const headingOrder = [headingLanguage(detail.languages, i18n.language), ...detail.languages];
  const sectionTitle = (sectionId: string): string => headingOrder.map((l) => sectionHeading(doc, sectionId, l)).find(Boolean) ?? '';
  const party = (pid: string): string => {
    const p = detail.parties.find((x) => x.id === pid);
    return p ? partyName(p, i18n.language) : pid;
  };

  return (
    <ModalDialog title={t('exportImport.recordHeading')} wide onClose={onClose}>
      {record === null && !error ? <p>{t('common.loading')}</p> : null}
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
      {record ? (
        <div className="dialog__body record">
          <p>{t('exportImport.recordSummary', { agreed: record.summary.agreed, count: record.summary.total })}</p>
          <table className="members-table record-table">
            <thead>
              <tr>
                <th scope="col">{t('exportImport.recordClause')}</th>
                <th scope="col">{t('exportImport.recordStatus')}</th>
                <th scope="col">{t('exportImport.recordSignatures')}</th>
                <th scope="col">{t('exportImport.recordLockedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {record.clauses.map((c) => (
                <tr key={c.clauseId} data-clause={c.clauseId}>
                  <td>{clauseListName(t, sectionTitle(c.sectionId), c.number) || c.clauseId}</td>
                  <td>{t(`agreement.status.${c.status}`)}</td>
                  <td>
                    {c.signatures.length === 0
                      ? t('exportImport.recordNone')
                      : c.signatures.map((s) => (
                          <div key={s.partyId} className="record-signature">
                            {party(s.partyId)}
                            {t('common.colon')}
                            {s.signatory.name} · <time dateTime={s.at}>{dateTime(s.at)}</time> ·{' '}
                            <code title={s.hash}>{s.hash.slice(0, 12)}</code>
                            {s.stale ? ` (${t('exportImport.recordStale')})` : ''}
                          </div>
                        ))}
                  </td>
                  <td>{c.locked ? <time dateTime={c.locked.at}>{dateTime(c.locked.at)}</time> : t('exportImport.recordNone')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="dialog__actions">
        <a className="button" href={exportUrl(detail.id, { format: 'json', variant: 'clean', languages: detail.languages, annex: true })} download>
          {t('exportImport.recordDownload')}
        </a>
        <DialogCloseButton primary />
      </div>
    </ModalDialog>
  );
}
