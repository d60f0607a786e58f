import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

/** The `Intl` locale for an interface language (`zh` → Simplified Chinese as written in mainland China). */
export function intlLocale(language: string): string {
  return language === 'zh' ? 'zh-CN' : 'en-GB';
}

/** How precisely {@link formatDateTime} writes the time of day. */
export type TimePrecision = 'minute' | 'second';

/**
 * A server timestamp (ISO 8601) as a date and time in the interface language
 * ("24 Nov 2026, 09:30", "2026年11月24日 09:30"). An unreadable timestamp
 * is shown as it came rather than as "Invalid Date". `second` precision is
 * for lists where several entries fall in the same minute (the revision
 * history).
 */
export function formatDateTime(iso: string, language: string, precision: TimePrecision = 'minute'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const timeStyle = precision === 'second' ? 'medium' : 'short';
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeStyle }).format(date);
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/**
 * How long ago (or until) a server timestamp is, in the interface language
 * ("3 minutes ago", "3 分钟前"), in the largest whole unit; under ten
 * seconds reads "now" / "现在".
 */
export function formatRelativeTime(iso: string, language: string, now: number = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const format = new Intl.RelativeTimeFormat(intlLocale(language), { numeric: 'auto' });
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 10) return format.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

// One shared clock for every relative time on the page: a single interval
// while anything shows one, so a 1,000-clause memo does not run 1,000 timers.
const TICK_MS = 30_000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function subscribeClock(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/**
 * Date formatting bound to the current interface language, for components.
 * Relative times re-render every 30 s so "3 minutes ago" does not stay
 * "3 minutes ago" for an hour.
 */
export function useDateFormat(): { dateTime(iso: string, precision?: TimePrecision): string; relative(iso: string): string } {
  const { i18n } = useTranslation();
  const language = i18n.language;
  const clock = useSyncExternalStore(subscribeClock, () => now);
  return {
    dateTime: (iso, precision) => formatDateTime(iso, language, precision),
    // The clock only triggers re-renders; between ticks a time that just happened must not read "in 20 seconds".
    relative: (iso) => formatRelativeTime(iso, language, Math.max(clock, Date.now())),
  };
}
