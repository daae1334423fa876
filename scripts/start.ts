/**
 * `npm start`: the console in Electron where its binary is installed; otherwise browser
 * mode — the console host plus Chromium in app mode if there is one, or the URL to open.
 * It always says which it did.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    browser: { type: 'boolean', default: false },
    // Rebuilds the renderer on every change; reload the page to see it.
    dev: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
  },
});

function electronBinary(): string | null {
  try {
    // The electron package exports the path of its binary, and throws when its download never ran.
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function chromiumBinary(): string | null {
  for (const candidate of [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

const electron = values.browser ? null : electronBinary();
if (electron) {
  console.log('Starting FlareNet Console in Electron.');
  const child = spawn(electron, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (!values.browser) {
    console.log(
      'Electron\'s binary is not installed (see README: "Installing Electron"), so the console starts in browser mode.',
    );
  }
  if (values.dev) {
    const watcher = spawn(
      process.execPath,
      [join('node_modules', 'vite', 'bin', 'vite.js'), 'build', '--watch'],
      { stdio: 'inherit' },
    );
    process.once('exit', () => watcher.kill());
  }
  const { startHostFromCommandLine } = await import('../electron/host/hostCli');
  // `npm start` is the user's own desktop: on the sandbox, actions only touch simulated
  // services, so they are allowed; against AWS the host stays read-only unless asked.
  const host = await startHostFromCommandLine([
    '--port',
    values.port,
    '--allow-sandbox-actions',
    ...(values.dev ? ['--dev'] : []),
  ]);
  const chromium = chromiumBinary();
  const hasDisplay =
    process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (chromium && hasDisplay) {
    const profile = join(host.dataDir, 'browser-profile');
    mkdirSync(profile, { recursive: true });
    const opened = spawnSync(chromium, ['--version'], { encoding: 'utf8' });
    if (opened.status === 0) {
      spawn(
        chromium,
        // A one-time link: the token itself never appears on a command line, which every
        // local user can read.
        [`--app=${host.launchUrl()}`, `--user-data-dir=${profile}`, '--no-first-run', '--disable-sync'],
        {
          stdio: 'ignore',
          detached: true,
        },
      ).unref();
      console.log(`Opened the console in Chromium app mode (${chromium}).`);
    }
  } else {
    console.log(`Open this URL in a browser:\n\n  ${host.url}\n`);
  }
  console.log('Press Ctrl-C to stop.');
}
