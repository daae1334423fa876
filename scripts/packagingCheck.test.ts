import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPackagingConfig } from './packagingCheck';

/** electron-builder's own checks of electron-builder.yml, without downloading Electron. */

const root = join(import.meta.dirname, '..');

describe("the project's electron-builder.yml", () => {
  let check: Awaited<ReturnType<typeof checkPackagingConfig>>;
  beforeAll(async () => {
    check = await checkPackagingConfig(root, 'electron-builder.yml');
  });

  it('builds AppImage, deb and rpm, dmg and zip, and nsis for x64 and arm64', () => {
    const byPlatform = (platform: string) =>
      check.targets
        .filter((target) => target.platform === platform)
        .map((target) => `${target.target} ${target.arch}`)
        .sort();
    expect(byPlatform('linux')).toEqual([
      'appImage arm64',
      'appImage x64',
      'deb arm64',
      'deb x64',
      'rpm arm64',
      'rpm x64',
    ]);
    // macOS installs updates from the zip.
    expect(byPlatform('mac')).toEqual(['dmg arm64', 'dmg x64', 'zip arm64', 'zip x64']);
    expect(byPlatform('win')).toEqual(['nsis arm64', 'nsis x64']);
  });

  it('tells every installed app of one generic update feed', () => {
    const feeds = new Set(check.targets.map((target) => JSON.stringify(target.updateFeed)));
    expect([...feeds].map((feed) => JSON.parse(feed) as unknown)).toEqual([
      { provider: 'generic', url: expect.stringMatching(/^https:\/\/\S+$/) as unknown },
    ]);
  });

  it('flips the fuses that keep the binary from running anything but the packaged app', () => {
    expect(check.fuses).toEqual({
      RunAsNode: false,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableCookieEncryption: true,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
    });
  });
});

describe('the packaging check', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'flarenet-packaging-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  /** A project of its own with this package.json and electron-builder.yml. */
  async function project(name: string, manifest: object, config: string): Promise<string> {
    const dir = join(folder, name);
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
    await writeFile(join(dir, 'electron-builder.yml'), config);
    return dir;
  }

  const manifest = {
    name: 'packaging-check',
    version: '1.0.0',
    description: 'x',
    homepage: 'https://flarenet.example/console',
    author: { name: 'FlareNet', email: 'platform@flarenet.example' },
  };
  const base =
    'appId: io.flarenet.check\nelectronVersion: 41.7.1\nmac: { target: [] }\nwin: { target: [] }\n';

  it('refuses an option electron-builder does not know, naming where it is', async () => {
    const dir = await project(
      'unknown-option',
      manifest,
      `${base}linux: { target: [deb], maintainerr: x }\n`,
    );
    await expect(checkPackagingConfig(dir, 'electron-builder.yml')).rejects.toThrow(
      /does not match the API schema[\s\S]*configuration\.linux /,
    );
  });

  it('refuses a target name no platform builds', async () => {
    const dir = await project('unknown-target', manifest, `${base}linux: { target: [debian] }\n`);
    await expect(checkPackagingConfig(dir, 'electron-builder.yml')).rejects.toThrow(/Unknown target: debian/);
  });

  it('refuses a deb without a homepage or a maintainer', async () => {
    const { homepage: _homepage, author: _author, ...bare } = manifest;
    const dir = await project('bare-deb', bare, `${base}linux: { target: [deb] }\n`);
    await expect(checkPackagingConfig(dir, 'electron-builder.yml')).rejects.toThrow(/homepage[\s\S]*email/);
  });

  it('refuses fuses with a name electron-builder does not know', async () => {
    const dir = await project(
      'unknown-fuse',
      manifest,
      `${base}linux: { target: [deb] }\nelectronFuses: { runAsNodeToo: false }\n`,
    );
    await expect(checkPackagingConfig(dir, 'electron-builder.yml')).rejects.toThrow(
      /does not match the API schema[\s\S]*configuration\.electronFuses /,
    );
  });
});
