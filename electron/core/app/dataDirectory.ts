import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the console keeps its files (config, audit log) outside Electron, which has its
 * own userData folder: FLARENET_DATA_DIR, else the platform's usual place.
 */
export function defaultDataDirectory(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.FLARENET_DATA_DIR) return env.FLARENET_DATA_DIR;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'FlareNet Console');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'FlareNet Console');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'flarenet-console');
}
