import { Mark, mergeAttributes } from '@tiptap/core';

/**
 * The `bracket` mark (a contested span, DESIGN.md "bracket"; attributes as
 * `BracketAttrs` in shared/memo/agreement). Creating brackets is a later
 * feature, but the editor schema must already know the mark: when
 * y-prosemirror meets a mark its schema lacks, it deletes the whole text run
 * from the shared document — one window without the mark would silently
 * destroy other people's bracketed text. For the same reason its attributes
 * are declared (ProseMirror drops undeclared ones when it writes text back).
 * It renders as `[ … ]` with the contesting party and reason on hover.
 */
export const Bracket = Mark.create({
  name: 'bracket',
  inclusive: false,
  excludes: '',

  addAttributes() {
    return {
      party: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-party'),
        renderHTML: (attributes) => (attributes.party ? { 'data-party': String(attributes.party) } : {}),
      },
      reason: {
        default: null,
        parseHTML: (element) => element.getAttribute('title'),
        renderHTML: (attributes) => (attributes.reason ? { title: String(attributes.reason) } : {}),
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
