import { NEUTRAL_COLOR } from '@accord/shared/memo/presence';

/** A remote person's caret as y-prosemirror's decorations receive it (`user` field of awareness). */
interface CaretUser {
  name?: unknown;
  color?: unknown;
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** The party colour of a caret owner, or the neutral grey when the state carries none we can trust. */
export function caretColor(user: CaretUser): string {
  return typeof user.color === 'string' && HEX_COLOR.test(user.color) ? user.color : NEUTRAL_COLOR;
}

/**
 * Builds the DOM of a remote caret: a thin bar in the person's party colour
 * with their name above it, so co-drafters always see who is typing where.
 * The name comes from the server-set awareness `user` (SE2) and is inserted
 * as text, never as HTML.
 */
export function renderCaret(user: CaretUser): HTMLElement {
  const color = caretColor(user);
  const caret = document.createElement('span');
  caret.className = 'remote-caret';
  caret.style.borderColor = color;
  caret.setAttribute('aria-hidden', 'true');
  const label = document.createElement('span');
  label.className = 'remote-caret__label';
  label.style.backgroundColor = color;
  label.textContent = typeof user.name === 'string' ? user.name : '';
  caret.append(label);
  return caret;
}

/** Attributes of the highlight over a remote person's selection: their colour, faint. */
export function renderSelection(user: CaretUser): { class: string; style: string } {
  return { class: 'remote-selection', style: `background-color: ${caretColor(user)}33` };
}
