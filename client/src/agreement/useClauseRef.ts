import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { clauseRefText } from '../i18n/clauseRefText';
import { useMemoContext } from '../memo/MemoContext';
import { headingLanguage, locateClause } from './clauseRef';

/** Names a clause for messages ("Clause 2 of ‘Status of relations’"), read from the document when called. */
export function useClauseRef(): (clauseId: string) => string {
  const { t, i18n } = useTranslation();
  const { doc, languages } = useMemoContext();
  return useCallback(
    (clauseId: string) => {
      const place = locateClause(doc, clauseId, headingLanguage(languages, i18n.language));
      return place ? clauseRefText(t, place) : clauseId;
    },
    [doc, languages, t, i18n.language],
  );
}
