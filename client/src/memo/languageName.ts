/**
 * The name of a memo language in that language itself (`zh` → 中文,
 * `en` → English): column headings address the delegation that reads the
 * column. Falls back to the upper-cased code if the browser has no name.
 */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language' }).of(code);
    if (name && name !== code) return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    // an unknown or malformed code: fall through
  }
  return code.toUpperCase();
}
