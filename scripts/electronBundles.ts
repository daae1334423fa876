import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * Electron loads CommonJS: the main process as one file with its npm dependencies left as
 * requires (electron-builder ships node_modules), and the sandboxed preload as one
 * self-contained file, since a sandboxed preload can require nothing but 'electron'.
 */
export async function buildElectronBundles(outDir: string): Promise<{ main: string; preload: string }> {
  const main = join(outDir, 'main.cjs');
  const preload = join(outDir, 'preload.cjs');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  } as const;
  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/shell/main.ts'],
      outfile: main,
      packages: 'external',
      // The core is ES modules and finds files next to itself through import.meta.url, which
      // CommonJS does not have: the bundle's own file URL stands in for it.
      banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      define: { 'import.meta.url': 'importMetaUrl' },
    }),
    build({
      ...common,
      entryPoints: ['electron/shell/preload.ts'],
      outfile: preload,
      external: ['electron'],
    }),
  ]);
  return { main, preload };
}
