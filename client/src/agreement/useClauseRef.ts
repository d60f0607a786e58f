import { useCallback } from 'react';
import { useStrings } from '../i18n/useStrings';
import { useMemoContext } from '../memo/MemoContext';
import { headingLanguage, locateClause } from './clauseRef';

/** Names a clause for messages ("Clause 2 of ‘Status of relations’"), read from the document when called. */
export function useClauseRef(): (clauseId: string) => string {
  const t = useStrings();
  const { doc, languages } = useMemoContext();
  return useCallback(
    (clauseId: string) => {
      const place = locateClause(doc, clauseId, headingLanguage(languages));
      return place ? t.clauseRef(place.position, place.section) : clauseId;
    },
    [doc, languages, t],
  );
}
