import { useState, type FormEvent, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ErrorCode } from '@accord/shared/protocol/errors';
import { useTranslation } from 'react-i18next';
import { login } from '../api/auth';
import { ApiError } from '../api/ApiError';
import { errorText } from '../i18n/errorText';
import { LanguageMenu } from '../i18n/LanguageMenu';
import { useSession } from './Session';

/** Where to return after signing in (set by RequireSession). */
function returnPath(state: unknown): string {
  if (typeof state === 'object' && state !== null && typeof (state as { from?: unknown }).from === 'string') {
    const from = (state as { from: string }).from;
    if (from.startsWith('/') && !from.startsWith('//')) return from;
  }
  return '/';
}

/** Email and password sign-in; a wrong password gets a clear message, not a blank form. */
export function LoginPage(): ReactNode {
  const { t } = useTranslation();
  const { me, signedIn, endedUnexpectedly } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (me) return <Navigate to={returnPath(location.state)} replace />;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await login(email.trim(), password);
      signedIn(user);
      navigate(returnPath(location.state), { replace: true });
    } catch (cause) {
      if (cause instanceof ApiError && (cause.status === 401 || cause.code === ErrorCode.invalidCredentials)) setError(t('auth.invalid'));
      else setError(t('auth.failed', { message: errorText(t, cause) }));
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <div className="login__card">
        <div className="login__language">
          <LanguageMenu />
        </div>
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">
            A
          </span>
          <span className="brand__name">{t('app.name')}</span>
        </div>
        <p className="login__tagline">{t('app.tagline')}</p>
        <h1 className="login__title">{t('auth.title')}</h1>
        <p className="login__intro">{endedUnexpectedly ? t('auth.sessionEnded') : t('auth.intro')}</p>
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          <label className="field">
            <span className="field__label">{t('auth.email')}</span>
            <input
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('auth.password')}</span>
            <input
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </label>
          {error ? (
            <p className="form__error" id="login-error" role="alert">
              {error}
            </p>
          ) : null}
          <button className="button button--primary button--block" type="submit" disabled={busy || email.trim() === '' || password === ''}>
            {busy ? t('auth.submitting') : t('auth.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
