import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../electron/sandbox/sandbox';
import { buildCli } from './buildCli';

/**
 * The built `flarenet` command as npm installs it: a link named `flarenet` to
 * dist/cli/flarenet.mjs, run through its `#!/usr/bin/env node` line with plain Node, no
 * TypeScript loader.
 */

const root = join(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const run = promisify(execFile);

let folder: string;
let flarenet: string;
let sandbox: Sandbox;

beforeAll(async () => {
  const [built, made, started] = await Promise.all([
    buildCli(root),
    mkdtemp(join(tmpdir(), 'flarenet-bin-')),
    startSandbox({ seed: 7, lively: false }),
  ]);
  folder = made;
  sandbox = started;
  flarenet = join(folder, 'flarenet');
  await symlink(built, flarenet);
});

afterAll(async () => {
  await sandbox.close();
  await rm(folder, { recursive: true, force: true });
});

/** The tests' own data folder and no config, so nothing of the person running them is read. */
function environment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, FLARENET_DATA_DIR: join(folder, 'data'), FLARENET_CONFIG: '', ...extra };
}

describe('the built flarenet command', () => {
  it('prints the package version with --version', async () => {
    const result = await run(flarenet, ['--version'], { env: environment({}) });
    expect(result.stdout).toBe(`${version}\n`);
    expect(result.stderr).toBe('');
  });

  it('lists its commands with --help, the console host among them', async () => {
    const { stdout } = await run(flarenet, ['--help'], { env: environment({}) });
    expect(stdout).toContain('Usage: flarenet <command> [flags]');
    for (const command of ['services', 'lag', 'topology', 'rollback', 'secrets', 'host'])
      expect(stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    const host = await run(flarenet, ['host', '--help'], { env: environment({}) });
    expect(host.stdout).toContain('Usage: flarenet host [options]');
    expect(host.stdout).toMatch(/--heap-growth <n> +How far/);
  });

  it('refuses a heap growth that is not a percentage, saying which flag, before starting anything', async () => {
    const refused = await run(flarenet, ['host', '--heap-growth', 'lots', '--port', '0'], {
      env: environment({}),
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain(
      '--heap-growth must be a whole percentage from 0 to 1000, not "lots".',
    );
  });

  it('reads a sandbox with its npm packages, in colour when FORCE_COLOR asks though not at a terminal', async () => {
    const args = ['services', '--ecs-endpoint', sandbox.ecsEndpoint];
    const coloured = await run(flarenet, args, { env: environment({ FORCE_COLOR: '1', NO_COLOR: '' }) });
    expect(coloured.stdout).toContain('payment-service');
    expect(coloured.stdout).toContain('\u001b[32m✓ healthy');
    const plain = await run(flarenet, args, { env: environment({ NO_COLOR: '1', FORCE_COLOR: undefined }) });
    expect(plain.stdout).toContain('payment-service');
    expect(plain.stdout).not.toContain('\u001b[');
  });

  it('serves the console with `flarenet host`, its core in a worker thread built beside it', async () => {
    const child = spawn(flarenet, ['host', '--port', '0', '--data-dir', join(folder, 'host-data')], {
      env: environment({}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let output = '';
    const ready = await new Promise<string>((resolve, reject) => {
      const collect = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const line = /^FlareNet Console host ready .*$/m.exec(output);
        if (line) resolve(line[0]);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      void exited.then((code) =>
        reject(new Error(`the host exited (${code}) before it was ready:\n${output}`)),
      );
    });
    expect(ready).toMatch(/\(sandbox, read-only\): http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
