import { useCallback, useMemo, useRef, useSyncExternalStore, type ReactNode, type Ref } from 'react';
import type * as Y from 'yjs';
import type { ClauseId, LanguageCode } from '@accord/shared/ids';
import { clauseMarker } from '@accord/shared/memo/numbering';
import { fragmentToPlainText } from '@accord/shared/memo/richText';
import { clauseRoot } from '@accord/shared/memo/ydocLayout';
import { useTranslation } from 'react-i18next';
import { useClauseAgreement } from '../agreement/useClauseAgreement';
import { useMemoContext } from './MemoContext';

/** Props of {@link ClausePlaceholder}. */
export interface ClausePlaceholderProps {
  clauseId: ClauseId;
  number: number | null;
  /** Called when someone puts focus on one of its cells (Tab, a screen reader): the row must become whole now. */
  onFocusCell: (rootName: string) => void;
  ref?: Ref<HTMLDivElement>;
}

/**
 * A clause row far from the viewport: the clause's text per language as
 * plain paragraphs in the same grid and cells as the whole row, carrying the
 * row's data attributes (status, lock) so filters and counts see every
 * clause. It is cheap to render — no editor, no controls, no agreement line —
 * and CSS (`content-visibility: auto`) lets the browser skip its style and
 * layout while off screen, yet the text stays in the page: browser find,
 * screen readers and Tab still reach it. The height reserved for it comes
 * from the {@link RowWindow}.
 */
export function ClausePlaceholder({ clauseId, number, onFocusCell, ref }: ClausePlaceholderProps): ReactNode {
  const { t } = useTranslation();
  const { doc, languages, visibleLanguages, rows } = useMemoContext();
  const state = useClauseAgreement(clauseId);
  const texts = useClauseTexts(doc, clauseId, languages);
  const height = rows.estimateHeight(clauseId, texts);
  return (
    <div
      ref={ref}
      className={state.locked ? 'row clause-row clause-row--placeholder clause-row--locked' : 'row clause-row clause-row--placeholder'}
      data-clause-row={clauseId}
      data-status={state.status}
      data-locked={state.locked ? 'true' : 'false'}
      style={{ containIntrinsicSize: `auto ${height}px` }}
    >
      <div className="row__number" />
      {languages.map((lang, index) => (
        <PlaceholderCell
          key={lang}
          rootName={clauseRoot(clauseId, lang)}
          lang={lang}
          label={t('labels.clause', { id: clauseId, lang })}
          hidden={!visibleLanguages.includes(lang)}
          marker={number !== null ? clauseMarker(number, lang) : undefined}
          text={texts[index] ?? ''}
          onFocusCell={onFocusCell}
        />
      ))}
      <div className="row__actions" />
    </div>
  );
}

interface PlaceholderCellProps {
  rootName: string;
  lang: LanguageCode;
  label: string;
  hidden: boolean;
  marker: string | undefined;
  text: string;
  onFocusCell: (rootName: string) => void;
}

/** One language cell of a placeholder, marked up like a LazyCell showing static text. */
function PlaceholderCell({ rootName, lang, label, hidden, marker, text, onFocusCell }: PlaceholderCellProps): ReactNode {
  const paragraphs = useMemo(() => text.split('\n'), [text]);
  return (
    <div className={marker ? 'cell cell--clause cell--marked' : 'cell cell--clause'} data-root={rootName} data-lang={lang} lang={lang} hidden={hidden}>
      {marker ? <span className="cell__marker">{marker}</span> : null}
      <div
        className="cell-text cell-text--static"
        role="textbox"
        aria-label={label}
        aria-multiline="true"
        aria-readonly="true"
        contentEditable={false}
        lang={lang}
        tabIndex={0}
        onFocus={() => onFocusCell(rootName)}
      >
        {paragraphs.map((line, index) => (
          <p key={index}>{line}</p>
        ))}
      </div>
    </div>
  );
}

/** The clause's plain text per language as React state, re-read only when one of its fragments changes. */
function useClauseTexts(doc: Y.Doc, clauseId: string, languages: readonly LanguageCode[]): readonly string[] {
  const fragments = useMemo(() => languages.map((lang) => doc.getXmlFragment(clauseRoot(clauseId, lang))), [doc, clauseId, languages]);
  const cache = useRef<{ fragments: readonly Y.XmlFragment[]; texts: readonly string[] } | null>(null);
  const read = useCallback(() => {
    cache.current = { fragments, texts: fragments.map(fragmentToPlainText) };
    return cache.current.texts;
  }, [fragments]);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const observer = (): void => {
        read();
        onChange();
      };
      fragments.forEach((fragment) => fragment.observeDeep(observer));
      return () => fragments.forEach((fragment) => fragment.unobserveDeep(observer));
    },
    [fragments, read],
  );
  const getSnapshot = useCallback(
    (): readonly string[] => (cache.current && cache.current.fragments === fragments ? cache.current.texts : read()),
    [fragments, read],
  );
  return useSyncExternalStore(subscribe, getSnapshot);
}
