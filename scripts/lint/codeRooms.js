// @ts-check
/**
 * The rooms of the code and what each may import: an allow-list, so anything not listed is
 * an error. A file belongs to the first room whose path prefix matches it. A test file may
 * also import what its room's `tests` entry adds (test kits, test runners, real clients).
 *
 * @typedef {object} Room
 * @property {string} name
 * @property {string[]} paths  path prefixes, relative to the repository root
 * @property {string[]} rooms  rooms this one may import from (its own is always allowed)
 * @property {string[]} packages  npm packages it may import; `node:*` allows Node built-ins
 * @property {Record<string, string[]>} [namedOnly]  packages from which only these names may be imported
 * @property {string[]} [typesOnly]  packages it may import types from, and nothing else
 * @property {{ rooms?: string[], packages?: string[] }} [tests]  what its test files may add
 */

/** What tests may use wherever they are. */
const testRunner = ['vitest'];
/** The real clients that integration tests talk to the sandbox with. */
const realClients = ['@aws-sdk/*', 'kafkajs'];

/** @type {Room[]} */
export const codeRooms = [
  {
    name: 'shared/testing',
    paths: ['shared/testing/'],
    rooms: ['shared'],
    packages: ['zod', ...testRunner],
  },
  {
    name: 'shared',
    paths: ['shared/'],
    rooms: [],
    packages: ['zod', 'string-width', 'ansi-regex'],
    tests: { rooms: ['shared/testing'], packages: testRunner },
  },
  {
    name: 'renderer/testing',
    paths: ['renderer/src/testing/'],
    rooms: ['renderer', 'shared', 'shared/testing'],
    packages: ['react', 'zustand', 'zustand/*', ...testRunner],
  },
  {
    name: 'renderer',
    paths: ['renderer/'],
    rooms: ['shared'],
    packages: ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', '@tanstack/*', 'recharts', 'zod'],
    tests: { rooms: ['renderer/testing', 'shared/testing'], packages: testRunner },
  },
  {
    name: 'preload',
    paths: ['electron/shell/preload.ts'],
    rooms: ['shared'],
    packages: ['electron'],
    namedOnly: { electron: ['contextBridge', 'ipcRenderer', 'IpcRendererEvent'] },
  },
  {
    name: 'shell',
    paths: ['electron/shell/'],
    // cli: the installed app runs a `flarenet` command given on its command line.
    rooms: ['core', 'shared', 'sandbox', 'cli'],
    // electron-updater is loaded by main.ts alone, in an installed build.
    packages: ['electron', 'electron-updater', 'node:*', 'zod'],
    tests: { rooms: ['electron/testing', 'shared/testing'], packages: testRunner },
  },
  {
    name: 'core',
    paths: ['electron/core/'],
    rooms: ['shared'],
    packages: [
      'node:*',
      '@aws-sdk/*',
      '@smithy/*',
      'kafkajs',
      'zod',
      'ws',
      'aws-msk-iam-sasl-signer-js',
      '@napi-rs/keyring',
    ],
    tests: { rooms: ['electron/testing', 'shared/testing'], packages: [...testRunner, ...realClients] },
  },
  {
    name: 'host',
    paths: ['electron/host/'],
    rooms: ['core', 'shared', 'sandbox'],
    packages: ['node:*', 'ws'],
    tests: { rooms: ['electron/testing', 'shared/testing'], packages: [...testRunner, ...realClients] },
  },
  {
    name: 'cli',
    paths: ['electron/cli/'],
    // host: `flarenet host` starts the console host from the same command.
    rooms: ['core', 'shared', 'sandbox', 'host'],
    packages: ['node:*', '@aws-sdk/*', 'kafkajs', 'zod'],
    tests: { rooms: ['electron/testing', 'shared/testing'], packages: [...testRunner, ...realClients] },
  },
  {
    name: 'sandbox',
    paths: ['electron/sandbox/'],
    rooms: ['shared'],
    packages: ['node:*', 'zod'],
    // It answers with the shapes the SDK's own types describe; it never runs SDK code.
    typesOnly: [
      '@aws-sdk/client-ecs',
      '@aws-sdk/client-cloudwatch-logs',
      '@aws-sdk/client-cloudwatch',
      '@aws-sdk/client-elastic-load-balancing-v2',
      '@aws-sdk/client-application-auto-scaling',
    ],
    tests: { rooms: ['electron/testing', 'shared/testing'], packages: [...testRunner, ...realClients] },
  },
  {
    name: 'electron/testing',
    paths: ['electron/testing/'],
    rooms: ['core', 'cli', 'host', 'sandbox', 'shared', 'shared/testing'],
    packages: ['node:*', 'zod', ...testRunner, ...realClients],
  },
  {
    name: 'e2e',
    paths: ['e2e/'],
    rooms: ['electron/testing', 'sandbox', 'host', 'shared', 'shared/testing'],
    packages: ['node:*', 'playwright-core', ...testRunner],
  },
  {
    name: 'scripts',
    paths: ['scripts/', 'vite.config.ts', 'vitest.config.ts', 'eslint.config.js'],
    rooms: ['core', 'sandbox', 'host', 'shared', 'electron/testing'],
    packages: ['*'],
  },
];
