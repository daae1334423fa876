import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How the e2e specs and the bench start Debian's Chromium: headless, with a fresh profile
 * each time and the network features that would try to reach the internet turned off. The
 * options are Playwright's `launchPersistentContext` options, given as data so that the
 * caller, which may use Playwright, does the launching.
 */

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why Chromium cannot run here, or null when it can. */
export function chromiumMissing(): string | null {
  return existsSync(chromiumPath)
    ? null
    : `Chromium is not installed at ${chromiumPath}: run "apt-get install -y chromium" (see .ci/run) or set CHROMIUM_PATH.`;
}

export interface ChromiumLaunch {
  /** A fresh, empty profile folder for this launch. */
  userDataDir: string;
  options: { executablePath: string; headless: true; args: string[] };
  /** Removes the profile folder, once the browser is closed. */
  removeProfile(): Promise<void>;
}

export async function prepareChromiumLaunch(): Promise<ChromiumLaunch> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'flarenet-chromium-'));
  return {
    userDataDir,
    options: {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    removeProfile: () => rm(userDataDir, { recursive: true, force: true }),
  };
}
