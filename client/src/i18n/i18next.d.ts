import 'i18next';
import type { en } from './locales/en';

// Types `t` from the English catalogue: an unknown key, or a string with
// `{{values}}` called without them, fails the typecheck.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
    strictInterpolationChecks: true;
  }
}
