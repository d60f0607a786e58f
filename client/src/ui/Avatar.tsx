import type { ReactNode } from 'react';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Up to two initials of a name: "Sarah Miller" → "SM", "王林" → "王", and for
 * a name given in two scripts ("Wang Lin 王林") the Latin part → "WL".
 */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const latin = words.filter((w) => !CJK.test(w));
  if (latin.length > 0) {
    const first = [...latin[0]!][0] ?? '';
    const last = latin.length > 1 ? ([...latin[latin.length - 1]!][0] ?? '') : '';
    return (first + last).toUpperCase();
  }
  return [...(words[0] ?? '?')][0] ?? '?';
}

/**
 * A round badge with a person's initials on their party colour — the same
 * colour as their caret, so a face in the header matches a caret in the text.
 */
export function Avatar({ name, color, size = 'normal' }: { name: string; color: string; size?: 'small' | 'normal' }): ReactNode {
  return (
    <span className={`avatar avatar--${size}`} style={{ backgroundColor: color }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
