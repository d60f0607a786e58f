import { Mark, mergeAttributes } from '@tiptap/core';
import { BRACKET_MARK } from '@accord/shared/memo/agreement';

/** Options of {@link Bracket}. */
export interface BracketOptions {
  /** The hover text of a bracket: which party contests the span and why. */
  describe: (party: string | null, reason: string | null) => string;
}

/**
 * The `bracket` mark: a contested span (DESIGN.md "bracket"; attributes as
 * `BracketAttrs` in shared/memo/agreement). Every editor schema must know
 * the mark: when y-prosemirror meets a mark its schema lacks, it deletes the
 * whole text run from the shared document — one window without the mark
 * would silently destroy other people's bracketed text. For the same reason
 * its attributes are declared (ProseMirror drops undeclared ones when it
 * writes text back).
 *
 * Not inclusive (typing at its edge does not extend it) and not exclusive
 * of itself, so two parties can bracket overlapping language. It renders as
 * `[ … ]` in the contesting party's colour (CSS keyed on `data-party`) with
 * party and reason on hover.
 */
export const Bracket = Mark.create<BracketOptions>({
  name: BRACKET_MARK,
  inclusive: false,
  excludes: '',

  addOptions() {
    return { describe: (party, reason) => [party, reason].filter(Boolean).join(': ') };
  },

  addAttributes() {
    const describe = this.options.describe;
    return {
      party: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-party'),
        renderHTML: (attributes) => (attributes.party ? { 'data-party': String(attributes.party) } : {}),
      },
      reason: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-reason') ?? element.getAttribute('title'),
        renderHTML: (attributes) => {
          const party = typeof attributes.party === 'string' ? attributes.party : null;
          const reason = typeof attributes.reason === 'string' ? attributes.reason : null;
          return { ...(reason ? { 'data-reason': reason } : {}), title: describe(party, reason) };
        },
      },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-bracket]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes({ 'data-bracket': '', class: 'bracket' }, HTMLAttributes), 0];
  },
});
