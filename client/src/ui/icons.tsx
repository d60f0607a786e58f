import type { ReactNode } from 'react';
import './icons.css';

/** The shapes in `icon-shapes/`, one class each in icons.css. */
type IconShape = 'arrow-up' | 'arrow-down' | 'plus' | 'trash' | 'people' | 'lock' | 'bracket';

/**
 * The few line icons the memo page uses. Each is a plain element painted in
 * the text colour through a CSS mask of its shape (icons.css), not an
 * inline `<svg>`: an SVG root brings a viewport transform and a clip of its
 * own into what the browser updates and walks on every frame, and a big
 * memo shows four icons in every clause row near the screen (opacity 0
 * until the row is hovered or focused), a hundred and more on every
 * keystroke (0.6–0.9 ms a key in the browser bench, docs/PERFORMANCE.md,
 * ninth pass). Always
 * decorative: the button around an icon carries the accessible name.
 */
function Icon({ shape }: { shape: IconShape }): ReactNode {
  return <span className={`icon icon--${shape}`} aria-hidden="true" />;
}

/** An upward arrow (move up). */
export const IconArrowUp = (): ReactNode => <Icon shape="arrow-up" />;

/** A downward arrow (move down). */
export const IconArrowDown = (): ReactNode => <Icon shape="arrow-down" />;

/** A plus (add). */
export const IconPlus = (): ReactNode => <Icon shape="plus" />;

/** A waste bin (delete). */
export const IconTrash = (): ReactNode => <Icon shape="trash" />;

/** People (members). */
export const IconPeople = (): ReactNode => <Icon shape="people" />;

/** A closed padlock (an agreed, locked clause). */
export const IconLock = (): ReactNode => <Icon shape="lock" />;

/** Square brackets (bracket contested language). */
export const IconBracket = (): ReactNode => <Icon shape="bracket" />;
