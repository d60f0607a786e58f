import type * as Y from 'yjs';
import type { LanguageCode } from '@accord/shared/ids';
import { BRACKET_MARK } from '@accord/shared/memo/agreement';
import { canonicalFragment, type CanonicalNode } from '@accord/shared/memo/canonical';
import { getClauseText } from '@accord/shared/memo/ydocLayout';

/** One open bracket of a clause: in which language, by which party, why, and around what text. */
export interface BracketSpan {
  lang: string;
  party: string | null;
  reason: string | null;
  text: string;
}

/**
 * The clause's open brackets, in language order and reading order. Read from
 * the same canonical form the hash uses (CL1), so a bracket split into runs
 * by bold or italic is one span, as the server counts it.
 */
export function listBrackets(doc: Y.Doc, clauseId: string, languages: readonly LanguageCode[]): BracketSpan[] {
  const spans: BracketSpan[] = [];
  for (const lang of languages) {
    const visit = (nodes: CanonicalNode[]): void => {
      let open = new Map<string, BracketSpan>();
      for (const node of nodes) {
        if (!('t' in node)) {
          open = new Map();
          visit(node.c);
          continue;
        }
        const here = new Map<string, BracketSpan>();
        for (const [name, value] of node.m) {
          if (name !== BRACKET_MARK) continue;
          const attrs = (typeof value === 'object' && value !== null ? value : {}) as { party?: unknown; reason?: unknown };
          const party = typeof attrs.party === 'string' ? attrs.party : null;
          const reason = typeof attrs.reason === 'string' ? attrs.reason : null;
          const key = `${party ?? ''}\u0000${reason ?? ''}`;
          const continued = open.get(key);
          if (continued) {
            continued.text += node.t;
            here.set(key, continued);
          } else {
            const span = { lang, party, reason, text: node.t };
            spans.push(span);
            here.set(key, span);
          }
        }
        open = here;
      }
    };
    visit(canonicalFragment(getClauseText(doc, clauseId, lang)));
  }
  return spans;
}
