import { useLayoutEffect, useMemo, useRef, type ReactNode, type Ref } from 'react';
import type { ClauseId, LanguageCode } from '@accord/shared/ids';
import { clauseMarker } from '@accord/shared/memo/numbering';
import { clauseRoot } from '@accord/shared/memo/ydocLayout';
import { useClauseAgreement } from '../agreement/useClauseAgreement';
import { showStaticText } from '../editor/staticText';
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
 * A clause row in a section far from the viewport: the clause's text per
 * language, shown statically (brackets, bold, italic, kept live) in the same
 * grid and cells as the whole row, and the row's data attributes (status,
 * lock) so filters see every clause. It is cheap to render — no editor, no
 * controls, no agreement line, no visibility observer — and its section
 * lets the browser skip its style and layout while off screen
 * (`content-visibility: auto`), yet the text stays in the page: browser
 * find, screen readers and Tab still reach it.
 */
export function ClausePlaceholder({ clauseId, number, onFocusCell, ref }: ClausePlaceholderProps): ReactNode {
  const { languages, visibleLanguages, clauseCellLabel } = useMemoContext();
  const state = useClauseAgreement(clauseId);
  return (
    <div
      ref={ref}
      className={state.locked ? 'row clause-row clause-row--placeholder clause-row--locked' : 'row clause-row clause-row--placeholder'}
      data-clause-row={clauseId}
      data-status={state.status}
      data-locked={state.locked ? 'true' : 'false'}
    >
      <div className="row__number" />
      {languages.map((lang) => (
        <PlaceholderCell
          key={lang}
          rootName={clauseRoot(clauseId, lang)}
          lang={lang}
          label={clauseCellLabel(clauseId, lang)}
          hidden={!visibleLanguages.includes(lang)}
          marker={number !== null ? clauseMarker(number, lang) : undefined}
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
  onFocusCell: (rootName: string) => void;
}

/** One language cell of a placeholder: a LazyCell's static state, without the visibility watcher. */
function PlaceholderCell({ rootName, lang, label, hidden, marker, onFocusCell }: PlaceholderCellProps): ReactNode {
  const { doc, describeBracket } = useMemoContext();
  const fragment = useMemo(() => doc.getXmlFragment(rootName), [doc, rootName]);
  const text = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = text.current;
    if (!element) return;
    return showStaticText(element, fragment, { label, lang, describeBracket });
  }, [fragment, label, lang, describeBracket]);
  return (
    <div className={marker ? 'cell cell--clause cell--marked' : 'cell cell--clause'} data-root={rootName} data-lang={lang} lang={lang} hidden={hidden}>
      {marker ? <span className="cell__marker">{marker}</span> : null}
      <div ref={text} onFocus={() => onFocusCell(rootName)} />
    </div>
  );
}
