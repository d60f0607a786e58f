import { useState, type ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { MemoHeading, MeView } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import type { MemoConnection } from '../collab/MemoConnection';
import { AgreementRecordDialog } from '../export/AgreementRecordDialog';
import { ExportDialog } from '../export/ExportDialog';
import '../export/exportImport.css';
import { ImportTranslationDialog } from '../import/ImportTranslationDialog';
import { LanguageMenu } from '../i18n/LanguageMenu';
import { IconPeople } from '../ui/icons';
import { useSession } from '../ui/Session';
import { ColumnHeadings } from './ColumnHeadings';
import { LanguageToggle, type ColumnChoice } from './LanguageToggle';
import { MembersDialog } from './MembersDialog';
import { PartyChips } from './PartyChips';
import { PresenceList } from './PresenceList';
import { SaveStatusIndicator } from './SaveStatusIndicator';

/** Props of {@link MemoHeader}. */
export interface MemoHeaderProps {
  detail: MemoHeading;
  me: MeView;
  connection: MemoConnection;
  columns: ColumnChoice;
  onColumnsChange: (choice: ColumnChoice) => void;
  readOnly: boolean;
  /** A standing message under the header (the connection was closed for good), or null. */
  banner: string | null;
}

/**
 * The sticky header of a memo: what it is (title, parties), who is here,
 * whether work is saved, and how to read it (language columns). It stays in
 * view while scrolling so the save status is always one glance away.
 */
export function MemoHeader({ detail, me, connection, columns, onColumnsChange, readOnly, banner }: MemoHeaderProps): ReactNode {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [membersOpen, setMembersOpen] = useState(false);
  const [dialog, setDialog] = useState<'export' | 'record' | 'translation' | null>(null);
  return (
    <header className="memo-header">
      <div className="memo-header__top">
        <Link to="/" className="brand brand--compact" aria-label={t('common.back')} title={t('common.back')}>
          <span className="brand__mark" aria-hidden="true">
            A
          </span>
        </Link>
        <h1 className="memo-header__title">{detail.title || t('memo.untitled')}</h1>
        {readOnly ? (
          <span className="badge badge--readonly" title={t('memo.readOnlyHint')}>
            {t('memo.readOnly')}
          </span>
        ) : null}
        <div className="memo-header__spacer" />
        <PresenceList connection={connection} parties={detail.parties} />
        <SaveStatusIndicator connection={connection} />
        <Link to={`/memos/${encodeURIComponent(detail.id)}/history`} className="button button--quiet button--small header-action">
          {t('history.open')}
        </Link>
        <button type="button" className="button button--quiet button--small header-action" onClick={() => setDialog('record')}>
          {t('exportImport.recordButton')}
        </button>
        <button type="button" className="button button--quiet button--small header-action" onClick={() => setDialog('export')}>
          {t('exportImport.exportButton')}
        </button>
        <LanguageMenu />
        {detail.me.isOwner ? (
          <button type="button" className="button button--quiet button--small" onClick={() => setMembersOpen(true)}>
            <IconPeople />
            {t('memo.members')}
          </button>
        ) : null}
        <button
          type="button"
          className="button button--quiet button--small"
          title={t('auth.signedInAs', { name: me.name })}
          onClick={() => {
            void signOut().then(() => navigate('/login', { replace: true }));
          }}
        >
          {t('auth.signOut')}
        </button>
      </div>
      <div className="memo-header__bottom">
        <PartyChips parties={detail.parties} myPartyId={detail.me.partyId} />
        {readOnly ? <span className="memo-header__hint">{t('memo.readOnlyHint')}</span> : null}
        <div className="memo-header__spacer" />
        {readOnly ? null : (
          <button type="button" className="button button--quiet button--small header-action" onClick={() => setDialog('translation')}>
            {t('exportImport.translationButton')}
          </button>
        )}
        <LanguageToggle languages={detail.languages} value={columns} onChange={onColumnsChange} />
      </div>
      {banner ? (
        <div className="banner banner--error" role="note">
          {banner}
        </div>
      ) : null}
      <div className="memo-header__columns">
        <ColumnHeadings />
      </div>
      {membersOpen ? <MembersDialog detail={detail} onClose={() => setMembersOpen(false)} /> : null}
      {dialog === 'export' ? <ExportDialog detail={detail} onClose={() => setDialog(null)} /> : null}
      {dialog === 'record' ? <AgreementRecordDialog detail={detail} onClose={() => setDialog(null)} /> : null}
      {dialog === 'translation' ? <ImportTranslationDialog detail={detail} onClose={() => setDialog(null)} /> : null}
    </header>
  );
}
