import { useId, type ReactNode } from 'react';
import type { LanguageCode } from '@accord/shared/ids';
import { useTranslation } from 'react-i18next';
import { languageName } from './languageName';

/** Which columns to show: every language side by side, or just one. */
export type ColumnChoice = 'all' | LanguageCode;

/**
 * A segmented radio group choosing the language columns. Hiding a column
 * only hides it: its mounted editors stay mounted, its cells coming near
 * meanwhile show static text until it is shown again, and all of it keeps
 * syncing.
 */
export function LanguageToggle({
  languages,
  value,
  onChange,
}: {
  languages: readonly LanguageCode[];
  value: ColumnChoice;
  onChange: (choice: ColumnChoice) => void;
}): ReactNode {
  const { t } = useTranslation();
  const name = useId();
  if (languages.length < 2) return null;
  const options: Array<{ value: ColumnChoice; label: string; lang?: string }> = [
    { value: 'all', label: t('memo.allLanguages') },
    ...languages.map((lang) => ({ value: lang, label: languageName(lang), lang })),
  ];
  return (
    <div className="segmented" role="radiogroup" aria-label={t('memo.languageColumns')}>
      {options.map((option) => (
        <label key={option.value} className={option.value === value ? 'segmented__option segmented__option--checked' : 'segmented__option'} lang={option.lang}>
          <input type="radio" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </div>
  );
}
