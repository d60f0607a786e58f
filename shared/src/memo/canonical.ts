import * as Y from 'yjs';
import type { ClauseId, LanguageCode } from '../ids';
import { getClauseText } from './ydocLayout';
import { PARAGRAPH } from './richText';

/**
 * Canonical serialisation of a clause (CL1): every language version's text,
 * marks (bracket spans included) and element attributes, in a form that does
 * not depend on how the Yjs items happen to be split:
 *
 * - languages in the memo's order, each as `[lang, nodes]`;
 * - an element is `{ "n": name, "a": attrs, "c": children }`, a text run is
 *   `{ "t": text, "m": marks }`; adjacent runs with equal marks are merged,
 *   empty runs dropped;
 * - a mark key's y-prosemirror suffix (`bracket--<hash>`) is removed and the
 *   marks sorted, so overlapping-mark encodings compare by meaning;
 * - object keys sorted; an empty language version is one empty paragraph.
 */
export type CanonicalNode =
  | { n: string; a: Record<string, unknown>; c: CanonicalNode[] }
  | { t: string; m: Array<[string, unknown]> };

/** Canonical JSON of one clause across the given languages. */
export function canonicalClause(doc: Y.Doc, clauseId: ClauseId | string, languages: readonly (LanguageCode | string)[]): string {
  const versions = languages.map((lang) => [lang, canonicalFragment(getClauseText(doc, clauseId, lang))]);
  return stableStringify(versions);
}

/** Canonical nodes of one fragment (one language version). */
export function canonicalFragment(fragment: Y.XmlFragment): CanonicalNode[] {
  const nodes = fragment.toArray().flatMap(canonicalChild);
  return nodes.length > 0 ? nodes : [{ n: PARAGRAPH, a: {}, c: [] }];
}

function canonicalChild(child: Y.XmlElement | Y.XmlText | Y.XmlHook): CanonicalNode[] {
  if (child instanceof Y.XmlElement) {
    return [{ n: child.nodeName, a: sortObject(child.getAttributes()), c: child.toArray().flatMap(canonicalChild) }];
  }
  if (child instanceof Y.XmlText) return canonicalRuns(child);
  return [];
}

function canonicalRuns(text: Y.XmlText): CanonicalNode[] {
  const runs: Array<{ t: string; m: Array<[string, unknown]> }> = [];
  for (const op of text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
    if (typeof op.insert !== 'string' || op.insert.length === 0) continue;
    const marks = Object.entries(op.attributes ?? {})
      .map(([key, value]): [string, unknown] => [key.replace(/--[^-]*$/, ''), sortValue(value)])
      .sort((a, b) => compare(stableStringify(a), stableStringify(b)));
    const last = runs[runs.length - 1];
    if (last && stableStringify(last.m) === stableStringify(marks)) last.t += op.insert;
    else runs.push({ t: op.insert, m: marks });
  }
  return runs;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function sortObject(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) if (value[key] !== undefined && value[key] !== null) out[key] = sortValue(value[key]);
  return out;
}

function sortValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortValue);
  if (value !== null && typeof value === 'object') return sortObject(value as Record<string, unknown>);
  return value;
}

/** JSON with object keys sorted at every level: equal values give equal strings. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortValue(value));
}
