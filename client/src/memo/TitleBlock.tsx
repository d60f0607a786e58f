import { memo, type ReactNode } from 'react';
import { titleRoot } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { LazyCell } from '../editor/LazyCell';
import { useMemoContext } from './MemoContext';

/** The memo's title block (title, subtitle, date and place), one editor per language, side by side. */
export const TitleBlock = memo(function TitleBlock(): ReactNode {
  const { t } = useTranslation();
  const { languages, visibleLanguages } = useMemoContext();
  return (
    <div className="row title-row" role="group" aria-label={t('memo.titleBlock')}>
      <div className="row__number" />
      {languages.map((lang) => (
        <LazyCell key={lang} rootName={titleRoot(lang)} label={t('labels.title', { lang })} lang={lang} hidden={!visibleLanguages.includes(lang)} className="cell--title" />
      ))}
      <div className="row__actions" />
    </div>
  );
});
