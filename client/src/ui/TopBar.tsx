import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import type { MeView } from '@accord/shared/memo/schema';
import { useTranslation } from 'react-i18next';
import { LanguageMenu } from '../i18n/LanguageMenu';
import { useSession } from './Session';
import { Avatar } from './Avatar';

/**
 * The application bar of pages outside a memo: brand, who is signed in and
 * sign out. (The memo page has its own, denser header.)
 */
export function TopBar({ me }: { me: MeView }): ReactNode {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        <span className="brand__mark" aria-hidden="true">
          A
        </span>
        <span className="brand__name">{t('app.name')}</span>
      </Link>
      <div className="topbar__right">
        <LanguageMenu />
        <SignedInAs me={me} />
        <button
          type="button"
          className="button button--quiet"
          onClick={() => {
            void signOut().then(() => navigate('/login', { replace: true }));
          }}
        >
          {t('auth.signOut')}
        </button>
      </div>
    </header>
  );
}

/** The signed-in person's avatar and name. */
export function SignedInAs({ me }: { me: MeView }): ReactNode {
  const { t } = useTranslation();
  return (
    <span className="signed-in" title={t('auth.signedInAs', { name: me.name })}>
      <Avatar name={me.name} color="#475569" size="small" />
      <span className="signed-in__name">{me.name}</span>
    </span>
  );
}
