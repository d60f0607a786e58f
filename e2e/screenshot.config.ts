import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * Regenerates the README's screenshots (`pnpm screenshot`): one Playwright
 * "test" in scripts/screenshot.ts against a fresh server started by the same
 * globalSetup as the e2e run. Not part of `pnpm test`: its testDir is
 * scripts/, which the e2e config does not read.
 */
export default defineConfig({
  ...base,
  testDir: './scripts',
  testMatch: 'screenshot.ts',
  timeout: 180_000,
  use: { ...base.use, trace: 'off', screenshot: 'off' },
});
