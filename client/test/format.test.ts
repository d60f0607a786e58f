import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelativeTime } from '../src/i18n/format';

const NOW = Date.parse('2026-11-24T09:30:00Z');
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString();

describe('dates in the interface language (Intl)', () => {
  it('relative times read naturally in each language', () => {
    expect(formatRelativeTime(ago(180), 'en', NOW)).toBe('3 minutes ago');
    expect(formatRelativeTime(ago(180), 'zh', NOW)).toBe('3分钟前');
    expect(formatRelativeTime(ago(2 * 3600), 'en', NOW)).toBe('2 hours ago');
    expect(formatRelativeTime(ago(2 * 3600), 'zh', NOW)).toBe('2小时前');
    expect(formatRelativeTime(ago(24 * 3600), 'en', NOW)).toBe('yesterday');
    expect(formatRelativeTime(ago(24 * 3600), 'zh', NOW)).toBe('昨天');
    expect(formatRelativeTime(ago(3), 'en', NOW)).toBe('now');
    expect(formatRelativeTime(ago(3), 'zh', NOW)).toBe('现在');
  });

  it('absolute times use each language\'s order and words', () => {
    const iso = '2026-03-05T14:07:00Z';
    const en = formatDateTime(iso, 'en');
    const zh = formatDateTime(iso, 'zh');
    expect(en).toMatch(/5 Mar 2026/);
    expect(zh).toMatch(/2026年3月5日/);
  });

  it('second precision adds the seconds (history entries a few seconds apart stay apart)', () => {
    const iso = '2026-03-05T14:07:09Z';
    // Time zones shift hours (and some minutes), never seconds.
    expect(formatDateTime(iso, 'en', 'second')).toMatch(/\d:\d{2}:09/);
    expect(formatDateTime(iso, 'zh', 'second')).toMatch(/\d:\d{2}:09/);
    expect(formatDateTime(iso, 'en')).not.toMatch(/\d:\d{2}:\d{2}/);
  });

  it('an unreadable timestamp is shown as it came', () => {
    expect(formatDateTime('not a date', 'zh')).toBe('not a date');
    expect(formatRelativeTime('not a date', 'en', NOW)).toBe('not a date');
  });
});
