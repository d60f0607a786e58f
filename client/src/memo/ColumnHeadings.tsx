import type { ReactNode } from 'react';
import { useMemoContext } from './MemoContext';
import { languageName } from './languageName';

/** The language name above each column (中文 / English), aligned with the cells below. */
export function ColumnHeadings(): ReactNode {
  const { languages, visibleLanguages } = useMemoContext();
  return (
    <div className="row column-headings" aria-hidden="true">
      <div className="row__number" />
      {languages.map((lang) => (
        <div key={lang} className="column-heading" lang={lang} hidden={!visibleLanguages.includes(lang)}>
          {languageName(lang)}
        </div>
      ))}
      <div className="row__actions" />
    </div>
  );
}
