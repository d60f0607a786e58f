import type { ReactNode } from 'react';
import type { HistoryText } from '@accord/shared/history/schema';

/** Props of {@link HistoryTextView}. */
export interface HistoryTextViewProps {
  text: HistoryText;
  lang: string;
  emptyLabel: string;
  /** The clause number as this language version writes it (`1、`, `1.`), shown before the text like the live memo's cells. */
  marker?: string;
}

/**
 * Static rendering of a language version as it was: paragraphs of runs with
 * bold, italic and bracket marks (a bracket takes its party's colour through
 * the same `.bracket[data-party]` rule as the live editor).
 */
export function HistoryTextView({ text, lang, emptyLabel, marker }: HistoryTextViewProps): ReactNode {
  const body = <HistoryTextBody text={text} lang={lang} emptyLabel={emptyLabel} />;
  if (!marker) return body;
  return (
    <div className="history-marked" lang={lang}>
      <span className="history-marker">{marker}</span>
      {body}
    </div>
  );
}

function HistoryTextBody({ text, lang, emptyLabel }: HistoryTextViewProps): ReactNode {
  const empty = text.every((p) => p.every((r) => r.text.length === 0));
  if (empty) return <p className="history-text history-text--empty">{emptyLabel}</p>;
  return (
    <div className="history-text" lang={lang}>
      {text.map((paragraph, i) => (
        <p key={i}>
          {paragraph.map((run, j) => {
            let node: ReactNode = run.text;
            if (run.marks.bold) node = <strong>{node}</strong>;
            if (run.marks.italic) node = <em>{node}</em>;
            const bracket = run.marks.bracket as { party?: unknown; reason?: unknown } | undefined;
            if (bracket) {
              node = (
                <span className="bracket" data-party={typeof bracket.party === 'string' ? bracket.party : undefined} title={typeof bracket.reason === 'string' ? bracket.reason : undefined}>
                  {node}
                </span>
              );
            }
            return <span key={j}>{node}</span>;
          })}
        </p>
      ))}
    </div>
  );
}
