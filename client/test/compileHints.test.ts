import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { addCompileHints, COMPILE_ALL_HINT } from '../build/compileHints';

/** A finished bundle as Rollup hands it to `generateBundle`: two chunks, each with its source map asset. */
function bundle(): Rollup.OutputBundle {
  const chunk = (name: string, facade: string) =>
    ({
      type: 'chunk',
      fileName: `assets/${name}.js`,
      facadeModuleId: facade,
      code: `export const x=1;\n//# sourceMappingURL=${name}.js.map\n`,
      map: { mappings: 'AAAA,SAAS' },
      sourcemapFileName: `assets/${name}.js.map`,
    }) as unknown as Rollup.OutputChunk;
  const map = (name: string) =>
    ({ type: 'asset', fileName: `assets/${name}.js.map`, source: JSON.stringify({ version: 3, mappings: 'AAAA,SAAS' }) }) as unknown as Rollup.OutputAsset;
  return {
    'assets/MemoPage-1.js': chunk('MemoPage-1', '/repo/client/src/memo/MemoPage.tsx'),
    'assets/MemoPage-1.js.map': map('MemoPage-1'),
    'assets/index-2.js': chunk('index-2', '/repo/client/index.html'),
    'assets/index-2.js.map': map('index-2'),
  };
}

const MEMO_PAGE = /[\\/]src[\\/]memo[\\/]MemoPage\.tsx$/;

describe('compile hints (first keystroke without lazy compiling)', () => {
  it('puts the hint on the first line of the memo page chunk, and only there', () => {
    const out = bundle();
    addCompileHints(out, MEMO_PAGE);
    const memo = out['assets/MemoPage-1.js'] as Rollup.OutputChunk;
    const index = out['assets/index-2.js'] as Rollup.OutputChunk;
    expect(memo.code.split('\n')[0]).toBe(COMPILE_ALL_HINT);
    expect(memo.code.split('\n')[1]).toBe('export const x=1;');
    expect(index.code.startsWith('export const x=1;')).toBe(true);
  });

  it('shifts the chunk source map by the added line, in the chunk and in the written .map file', () => {
    const out = bundle();
    addCompileHints(out, MEMO_PAGE);
    const memo = out['assets/MemoPage-1.js'] as Rollup.OutputChunk;
    expect(memo.map?.mappings).toBe(';AAAA,SAAS');
    const written = JSON.parse(String((out['assets/MemoPage-1.js.map'] as Rollup.OutputAsset).source)) as { mappings: string; version: number };
    expect(written).toEqual({ version: 3, mappings: ';AAAA,SAAS' });
    const untouched = JSON.parse(String((out['assets/index-2.js.map'] as Rollup.OutputAsset).source)) as { mappings: string };
    expect(untouched.mappings).toBe('AAAA,SAAS');
  });
});
