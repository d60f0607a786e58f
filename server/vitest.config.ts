import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/removeTempDirs.ts'],
    // After-hooks in reverse order: the setup file's removal runs after a test file has stopped its servers.
    sequence: { hooks: 'stack' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
