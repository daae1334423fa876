import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntilRendered } from './support/browser';

function installedElectron(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const electronPath = installedElectron();
const title = electronPath
  ? 'the Electron shell'
  : 'the Electron shell (Electron\'s binary is not installed: run "node node_modules/electron/install.js", see README)';

if (!electronPath) process.stderr.write(`Skipping ${title}\n`);

describe.skipIf(!electronPath)(title, () => {
  let app: ElectronApplication;
  let dataDir: string;

  beforeAll(async () => {
    const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/buildElectron.ts'], {
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`Building the Electron main process failed:\n${built.stderr}`);
    dataDir = await mkdtemp(join(tmpdir(), 'flarenet-electron-'));
    app = await electron.launch({
      executablePath: electronPath!,
      args: ['.', `--user-data-dir=${dataDir}`],
      env: { ...process.env, FLARENET_CONFIG: '' },
    });
  });

  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('opens a window whose page sees only the bridge, and renders the fleet', async () => {
    const page = await app.firstWindow();
    await waitUntilRendered(page, 60_000);
    // The page sees the one bridge and nothing of Node.
    expect(
      await page.evaluate(
        'typeof window.flarenet.invoke + "/" + typeof window.require + "/" + typeof window.process',
      ),
    ).toBe('function/undefined/undefined');
    // The topology is the front page; the services table is one view away.
    await page.locator('[data-testid="view-tab"][data-view="services"]').click();
    await expect.poll(() => page.locator('[data-testid="service-row"]').count()).toBe(18);
  });

  it('refuses to open new windows from the page', async () => {
    const page = await app.firstWindow();
    await page.evaluate("window.open('https://example.invalid/')");
    expect(app.windows()).toHaveLength(1);
  });
});
