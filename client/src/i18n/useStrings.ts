import { en, type Strings } from './en';

/**
 * The interface strings for the current language. English only for now; the
 * hook is the seam where react-i18next will plug in, so components already
 * read strings through it rather than importing a language directly.
 */
export function useStrings(): Strings {
  return en;
}
