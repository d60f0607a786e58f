import { defineConfig } from 'vitest/config';

/** `pnpm --filter @accord/server fuzz`: the protocol fuzzer alone, a random seed each run (ACCORD_FUZZ_CASES, ACCORD_SEED to replay). */
export default defineConfig({
  test: { include: ['test/fuzz.test.ts'], setupFiles: ['test/support/removeTempDirs.ts'], sequence: { hooks: 'stack' }, testTimeout: 600_000, hookTimeout: 60_000, pool: 'forks' },
});
