import { build } from 'esbuild';
import { buildCli } from './buildCli';

// Electron loads CommonJS: the main process as one file with its npm dependencies left
// as requires (electron-builder ships node_modules), and the sandboxed preload as one
// self-contained file, since a sandboxed preload can require nothing but 'electron'. The
// `flarenet` command is built beside them: the npm package and the packaged app carry it.
await Promise.all([
  build({
    entryPoints: ['electron/shell/main.ts'],
    outfile: 'dist/electron/main.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  }),
  build({
    entryPoints: ['electron/shell/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
  }),
  buildCli(),
]);
console.log('Built dist/electron/main.cjs, dist/electron/preload.cjs and dist/cli/flarenet.mjs');
