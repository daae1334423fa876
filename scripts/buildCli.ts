import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

/** package.json's `bin` points at `flarenet.mjs` in here. */
const outDir = join('dist', 'cli');

/**
 * The `flarenet` command as plain JavaScript for Node. ES modules, because the console host
 * finds its worker thread's entry beside its own file by URL: `coreThreadEntry.mjs` is built
 * next to `flarenet.mjs` for that. npm packages stay imports, as the package's dependencies
 * are installed with it; code both entries share, and the sandbox loaded on demand, are
 * chunks beside them. The entry's `#!/usr/bin/env node` line is kept, so the file runs as
 * a command.
 */
export async function buildCli(root = process.cwd()): Promise<string> {
  const outPath = join(root, outDir);
  // Chunk names carry hashes: a folder left from an earlier build would keep every old one.
  await rm(outPath, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      flarenet: 'electron/cli/cli.ts',
      coreThreadEntry: 'electron/host/coreThreadEntry.ts',
    },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const command = join(outPath, 'flarenet.mjs');
  await chmod(command, 0o755);
  return command;
}
