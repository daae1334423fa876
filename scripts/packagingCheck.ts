/**
 * electron-builder's own checks of the packaging config, short of building: the checks
 * `npm run package` makes before it downloads Electron. The config is loaded and validated
 * against electron-builder's schema (with package.json's metadata), each platform's targets
 * are resolved per architecture as the build would resolve them, and each target checks its
 * options (a deb or rpm needs a homepage and a maintainer). The fuses come out as
 * electron-builder hands them to @electron/fuses, and the update feed as the app would be
 * told of it.
 */
import { Arch, LinuxPackager, Packager, Platform, type PlatformPackager } from 'app-builder-lib';
import { createElectronFrameworkSupport } from 'app-builder-lib/out/electron/ElectronFramework';
import { MacPackager } from 'app-builder-lib/out/macPackager';
import { getAppUpdatePublishConfiguration } from 'app-builder-lib/out/publish/PublishManager';
import { computeArchToTargetNamesMap, createTargets } from 'app-builder-lib/out/targets/targetFactory';
import { WinPackager } from 'app-builder-lib/out/winPackager';
import { AppInfo } from 'app-builder-lib/out/appInfo';
import { FuseV1Options } from '@electron/fuses';

export interface PackagingTarget {
  platform: 'linux' | 'mac' | 'win';
  arch: string;
  /** The target's name as electron-builder knows it, e.g. appImage, deb, dmg, nsis. */
  target: string;
  /** Where the installed app on this platform and architecture looks for updates. */
  updateFeed: { provider: string; url?: string } | null;
}

export interface PackagingCheck {
  targets: PackagingTarget[];
  /** Each fuse (by @electron/fuses' name) and the value the build writes into the binary. */
  fuses: Record<string, boolean | undefined>;
}

/** What electron-builder knows of a platform packager beyond its public types. */
interface PackagerInternals {
  generateFuseConfig(fuses: unknown): Promise<Record<number, boolean | undefined>>;
}

/** Throws electron-builder's own error when the config or a target's options are invalid. */
export async function checkPackagingConfig(projectDir: string, configFile: string): Promise<PackagingCheck> {
  const packager = new Packager({ projectDir, config: configFile, targets: new Map() });
  await packager.validateConfig();
  // What Packager.build sets before it resolves targets; neither downloads anything.
  packager._appInfo = new AppInfo(packager, null);
  (packager as unknown as { _framework: unknown })._framework = await createElectronFrameworkSupport(
    packager.config,
    packager,
  );

  const linux = new LinuxPackager(packager) as unknown as PlatformPackager<never>;
  const platforms: [PackagingTarget['platform'], Platform, PlatformPackager<never>][] = [
    ['linux', Platform.LINUX, linux],
    ['mac', Platform.MAC, new MacPackager(packager) as unknown as PlatformPackager<never>],
    ['win', Platform.WINDOWS, new WinPackager(packager) as unknown as PlatformPackager<never>],
  ];
  const targets: PackagingTarget[] = [];
  for (const [name, platform, platformPackager] of platforms) {
    for (const [arch, targetNames] of computeArchToTargetNamesMap(new Map(), platformPackager, platform)) {
      const created = createTargets(new Map(), targetNames, projectDir, platformPackager);
      for (const target of created) await target.checkOptions();
      const feed = await getAppUpdatePublishConfiguration(platformPackager, null, arch, true);
      for (const target of created)
        targets.push({
          platform: name,
          arch: Arch[arch],
          target: target.name,
          updateFeed: feed && { provider: feed.provider, url: (feed as { url?: string }).url },
        });
    }
  }

  // The same translation on every platform: electron-builder's names to @electron/fuses' options.
  const fuseConfig = await (linux as unknown as PackagerInternals).generateFuseConfig(
    packager.config.electronFuses,
  );
  const fuses: Record<string, boolean | undefined> = {};
  for (const [fuse, value] of Object.entries(fuseConfig)) {
    const fuseName = FuseV1Options[Number(fuse)];
    if (fuseName !== undefined) fuses[fuseName] = value;
  }
  return { targets, fuses };
}
