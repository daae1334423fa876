import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

let folder: string | undefined;

afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = undefined;
});

describe('npm start in browser mode', () => {
  it('opens Chromium with a one-time link, never with the token on its command line', async () => {
    folder = await mkdtemp(join(tmpdir(), 'flarenet-start-'));
    // A Chromium that writes down how it was started: what any local user can read in /proc.
    const chromium = join(folder, 'chromium');
    await writeFile(chromium, `#!/bin/sh\nprintf '%s\\n' "$@" > "${folder}/argv.$$"\n`);
    await chmod(chromium, 0o755);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/start.ts', '--browser', '--port', '0'],
      {
        env: {
          ...process.env,
          CHROMIUM_PATH: chromium,
          DISPLAY: ':99',
          FLARENET_DATA_DIR: join(folder, 'data'),
          FLARENET_CONFIG: '',
          FLARENET_KEYCHAIN: 'off',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      let output = '';
      const hostUrl = await new Promise<URL>((resolve, reject) => {
        const collect = (chunk: Buffer) => {
          output += chunk.toString('utf8');
          const ready = /host ready .*: (http:\/\/\S+)/.exec(output);
          if (ready && output.includes('Opened the console in Chromium app mode'))
            resolve(new URL(ready[1]!));
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        void exited.then(() => reject(new Error(`npm start ended early:\n${output}`)));
      });
      const token = hostUrl.searchParams.get('token')!;
      expect(token.length).toBeGreaterThanOrEqual(32);

      // The stand-in writes its command line once it runs, which can be after start.ts said it opened it.
      const commandLinesOf = async () =>
        Promise.all(
          (await readdir(folder!))
            .filter((name) => name.startsWith('argv.'))
            .map((name) => readFile(join(folder!, name), 'utf8')),
        );
      let commandLines = await commandLinesOf();
      for (let wait = 0; wait < 100 && !commandLines.some((argv) => argv.includes('--app=')); wait++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        commandLines = await commandLinesOf();
      }
      const appLaunch = commandLines.find((argv) => argv.includes('--app='));
      expect(appLaunch).toBeDefined();
      for (const argv of commandLines) expect(argv).not.toContain(token);

      const link = /--app=(\S+)/.exec(appLaunch!)![1]!;
      expect(link).toMatch(/\/launch\?code=/);
      const opened = await fetch(link, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      expect(opened.headers.get('location')).toBe(`/?token=${encodeURIComponent(token)}`);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
