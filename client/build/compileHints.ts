import type { Plugin, Rollup } from 'vite';

type OutputBundle = Rollup.OutputBundle;

/** V8's explicit compile hint: every function of the file is compiled with it, off the main thread. */
export const COMPILE_ALL_HINT = '//# allFunctionsCalledOnLoad';

/**
 * Marks the chunks whose entry module matches `entry` for eager compilation
 * (V8 explicit compile hints, Chrome 136+; other engines read a comment).
 *
 * Why: V8 compiles a function lazily, the first time it runs. The memo page's
 * chunk holds the editor, and the first keystroke in a clause runs some 170
 * of its functions for the first time (ProseMirror's input path, the Yjs
 * binding, our plugins): about 10 ms of compiling inside that keystroke, which
 * then takes 20–50 ms to paint. Hinted, the chunk is compiled as a whole while
 * it streams in, on a background thread.
 *
 * The hint has to survive minification, so it is added to the finished
 * chunk, and the chunk's source map (a separate file, `sourcemap: true`)
 * is shifted by the line it adds.
 */
export function compileHints(entry: RegExp): Plugin {
  return {
    name: 'accord:compile-hints',
    apply: 'build',
    // After Vite's own plugins, which may still prepend a line to a chunk (its preload map):
    // V8 reads the hint only at the top.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        addCompileHints(bundle, entry);
      },
    },
  };
}

/** Adds the hint to the matching chunks of a finished bundle (exported for the test). */
export function addCompileHints(bundle: OutputBundle, entry: RegExp): void {
  for (const file of Object.values(bundle)) {
    if (file.type !== 'chunk' || !file.facadeModuleId || !entry.test(file.facadeModuleId)) continue;
    hintChunk(file, bundle);
  }
}

function hintChunk(chunk: Rollup.OutputChunk, bundle: OutputBundle): void {
  chunk.code = `${COMPILE_ALL_HINT}\n${chunk.code}`;
  // One generated line more at the top: an empty line of mappings in front.
  if (chunk.map) chunk.map.mappings = `;${chunk.map.mappings}`;
  const mapFile = chunk.sourcemapFileName ? bundle[chunk.sourcemapFileName] : undefined;
  if (mapFile?.type === 'asset') shiftMapAsset(mapFile);
}

function shiftMapAsset(asset: Rollup.OutputAsset): void {
  const text = typeof asset.source === 'string' ? asset.source : new TextDecoder().decode(asset.source);
  const map = JSON.parse(text) as { mappings: string };
  map.mappings = `;${map.mappings}`;
  asset.source = JSON.stringify(map);
}
