import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, isLocale } from '@accord/shared/i18n/locale';
import { useSession } from '../ui/Session';
import { useToasts } from '../ui/Toasts';
import { errorText } from './errorText';

/**
 * The interface-language menu (English / 中文), on every page. Choosing a
 * language switches the whole interface at once, is remembered in this
 * browser, and is saved to the account when someone is signed in. Each option is written in its own language so a
 * person who cannot read the current one still finds theirs.
 */
export function LanguageMenu(): ReactNode {
  const { t, i18n } = useTranslation();
  const { chooseLocale } = useSession();
  const toasts = useToasts();
  return (
    <label className="language-menu">
      <span className="visually-hidden">{t('language.menu')}</span>
      <span className="language-menu__icon" aria-hidden="true">
        文A
      </span>
      <select
        className="language-menu__select"
        aria-label={t('language.menu')}
        title={t('language.menu')}
        value={i18n.language}
        onChange={(event) => {
          if (!isLocale(event.target.value)) return;
          chooseLocale(event.target.value).catch((error: unknown) => {
            // The interface switched anyway; only remembering it on the account failed.
            toasts.show({ key: 'language', tone: 'error', text: t('language.saveFailed', { message: errorText(t, error) }) });
          });
        }}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {t(`language.${locale}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
