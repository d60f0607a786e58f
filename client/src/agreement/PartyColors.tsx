import { memo, type ReactNode } from 'react';
import { ID_PATTERN } from '@accord/shared/ids';
import type { Party } from '@accord/shared/memo/schema';

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * The memo's party colours as CSS custom properties keyed on `data-party`,
 * so a bracket's `[ … ]` takes its party's colour wherever it is rendered —
 * by an editor or as static text — without either renderer knowing colours.
 * Ids and colours are checked before they go into the style sheet.
 */
export const PartyColors = memo(function PartyColors({ parties }: { parties: readonly Party[] }): ReactNode {
  const rules = parties
    .filter((p) => ID_PATTERN.test(p.id) && HEX_COLOR.test(p.color))
    .map((p) => `.bracket[data-party="${p.id}"] { --party-color: ${p.color}; }`)
    .join('\n');
  return <style>{rules}</style>;
});
