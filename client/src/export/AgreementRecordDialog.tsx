import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { RecordOfAgreement } from '@accord/shared/export/recordOfAgreement';
import type { MemoDetail, SectionView } from '@accord/shared/memo/schema';
import { useStrings } from '../i18n/useStrings';
import { partyName } from '../memo/partyName';
import { exportUrl, fetchRecord } from './exportApi';

/**
 * The record of agreement: for every clause its status, and each party's
 * signatory, the exact hash they signed and when; for agreed clauses the time
 * the clause locked. Read from the server (the same record the JSON download
 * and the DOCX annex carry).
 */
export function AgreementRecordDialog({ detail, onClose }: { detail: MemoDetail; onClose: () => void }): ReactNode {
  const strings = useStrings();
  const t = strings.exportImport;
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [record, setRecord] = useState<RecordOfAgreement | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
    let cancelled = false;
    fetchRecord(detail.id).then(
      (r) => !cancelled && setRecord(r),
      (cause: unknown) => !cancelled && setError(t.recordFailed(cause instanceof Error ? cause.message : String(cause))),
    );
    return () => {
      cancelled = true;
    };
  }, [detail.id, t]);

  const sectionTitles = new Map<string, string>();
  const collect = (s: SectionView): void => {
    sectionTitles.set(s.id, s.title[detail.languages[detail.languages.length - 1]!] || s.title[detail.languages[0]!] || '');
    s.subsections.forEach(collect);
  };
  detail.sections.forEach(collect);
  const party = (pid: string): string => {
    const p = detail.parties.find((x) => x.id === pid);
    return p ? partyName(p) : pid;
  };

  return (
    <dialog
      ref={dialog}
      className="dialog dialog--wide"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        dialog.current?.close();
      }}
    >
      <h2 id={`${id}-title`} className="dialog__title">
        {t.recordHeading}
      </h2>
      {record === null && !error ? <p>{strings.common.loading}</p> : null}
      {error ? (
        <p className="form__error" role="alert">
          {error}
        </p>
      ) : null}
      {record ? (
        <div className="dialog__body record">
          <p>{t.recordSummary(record.summary.agreed, record.summary.total)}</p>
          <table className="members-table record-table">
            <thead>
              <tr>
                <th scope="col">{t.recordClause}</th>
                <th scope="col">{t.recordStatus}</th>
                <th scope="col">{t.recordSignatures}</th>
                <th scope="col">{t.recordLockedAt}</th>
              </tr>
            </thead>
            <tbody>
              {record.clauses.map((c) => (
                <tr key={c.clauseId} data-clause={c.clauseId}>
                  <td>{[sectionTitles.get(c.sectionId), c.number !== null ? String(c.number) : null].filter(Boolean).join(' ') || c.clauseId}</td>
                  <td>{strings.agreement.status[c.status as keyof typeof strings.agreement.status] ?? c.status}</td>
                  <td>
                    {c.signatures.length === 0
                      ? t.recordNone
                      : c.signatures.map((s) => (
                          <div key={s.partyId} className="record-signature">
                            {party(s.partyId)}: {s.signatory.name} · <time dateTime={s.at}>{new Date(s.at).toLocaleString()}</time> ·{' '}
                            <code title={s.hash}>{s.hash.slice(0, 12)}</code>
                            {s.stale ? ` (${t.recordStale})` : ''}
                          </div>
                        ))}
                  </td>
                  <td>{c.locked ? <time dateTime={c.locked.at}>{new Date(c.locked.at).toLocaleString()}</time> : t.recordNone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="dialog__actions">
        <a className="button" href={exportUrl(detail.id, { format: 'json', variant: 'clean', languages: detail.languages, annex: true })} download>
          {t.recordDownload}
        </a>
        <button type="button" className="button button--primary" onClick={() => dialog.current?.close()}>
          {strings.common.close}
        </button>
      </div>
    </dialog>
  );
}
