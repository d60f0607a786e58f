import type { ReactNode } from 'react';

/**
 * The few line icons the memo page uses, drawn inline so they inherit the
 * text colour. Always decorative: the button around an icon carries the
 * accessible name.
 */
function Icon({ children }: { children: ReactNode }): ReactNode {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

/** An upward arrow (move up). */
export const IconArrowUp = (): ReactNode => (
  <Icon>
    <path d="M8 13V3M4 7l4-4 4 4" />
  </Icon>
);

/** A downward arrow (move down). */
export const IconArrowDown = (): ReactNode => (
  <Icon>
    <path d="M8 3v10M4 9l4 4 4-4" />
  </Icon>
);

/** A plus (add). */
export const IconPlus = (): ReactNode => (
  <Icon>
    <path d="M8 3v10M3 8h10" />
  </Icon>
);

/** A waste bin (delete). */
export const IconTrash = (): ReactNode => (
  <Icon>
    <path d="M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.6 8.5h5.8l.6-8.5M7 7v4M9 7v4" />
  </Icon>
);

/** People (members). */
export const IconPeople = (): ReactNode => (
  <Icon>
    <circle cx="6" cy="5.5" r="2.2" />
    <path d="M2 13c.4-2.3 2-3.6 4-3.6s3.6 1.3 4 3.6M10.5 3.5a2 2 0 010 4M12 9.7c1.1.5 1.8 1.6 2 3.3" />
  </Icon>
);

/** A closed padlock (an agreed, locked clause). */
export const IconLock = (): ReactNode => (
  <Icon>
    <rect x="3.5" y="7" width="9" height="6.5" rx="1.2" />
    <path d="M5.5 7V5a2.5 2.5 0 015 0v2" />
  </Icon>
);

/** Square brackets (bracket contested language). */
export const IconBracket = (): ReactNode => (
  <Icon>
    <path d="M5.5 2.5h-2v11h2M10.5 2.5h2v11h-2" />
  </Icon>
);
