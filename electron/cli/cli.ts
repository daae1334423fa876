#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { runCliInProcess } from './cliProcess';

/**
 * The entry point of the `flarenet` command (built to dist/cli/flarenet.mjs) and of
 * `npm run cli`: runs the command line it was given (see cliProcess.ts).
 */

/** package.json is two folders up from this file and from the built one alike. */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

runCliInProcess(process.argv.slice(2), packageVersion());
