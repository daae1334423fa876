import { build, type Plugin } from 'esbuild';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The tray icons (see scripts/renderTrayIcons.ts), which main finds beside itself. */
const trayIconFolder = join('assets', 'tray');

/**
 * Electron loads CommonJS: the main process as one file with its npm dependencies left as
 * requires (electron-builder ships node_modules), and the sandboxed preload as one
 * self-contained file, since a sandboxed preload can require nothing but 'electron'. Beside
 * main, the console host's worker thread, for `flarenet host` run by the installed app: the
 * host looks for it next to its own code. And the tray icons, which main loads from its own
 * folder: dist/electron/ from a checkout, and inside the app's asar archive once installed.
 */
export async function buildElectronBundles(
  outDir: string,
): Promise<{ main: string; preload: string; coreThread: string }> {
  const main = join(outDir, 'main.cjs');
  const preload = join(outDir, 'preload.cjs');
  const coreThread = join(outDir, 'coreThreadEntry.cjs');
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  } as const;
  const mainProcess = {
    ...common,
    plugins: [requireOnlyCommonJsPackages] as Plugin[],
    // The core is ES modules and finds files next to itself through import.meta.url, which
    // CommonJS does not have: the bundle's own file URL stands in for it.
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    // import.meta.resolve only finds tsx's loader when the host runs from source: never here.
    define: { 'import.meta.url': 'importMetaUrl', 'import.meta.resolve': 'undefined' },
  } as const;
  await Promise.all([
    build({ ...mainProcess, entryPoints: ['electron/shell/main.ts'], outfile: main }),
    build({ ...mainProcess, entryPoints: ['electron/host/coreThreadEntry.ts'], outfile: coreThread }),
    build({
      ...common,
      entryPoints: ['electron/shell/preload.ts'],
      outfile: preload,
      external: ['electron'],
    }),
    copyTrayIcons(outDir),
  ]);
  return { main, preload, coreThread };
}

async function copyTrayIcons(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const icons = (await readdir(trayIconFolder)).filter((name) => name.endsWith('.png'));
  await Promise.all(icons.map((name) => copyFile(join(trayIconFolder, name), join(outDir, name))));
}

/**
 * Packages published as ES modules only. The CLI's text width and colour handling use them,
 * and a CommonJS bundle cannot count on require() loading them (not in every Node, and not
 * with the default export esbuild expects), so they go inside the bundle, with what they import.
 */
const esModuleOnlyPackages = new Set(['ansi-regex', 'string-width']);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Every other npm package stays a require of node_modules, which electron-builder ships. */
const requireOnlyCommonJsPackages: Plugin = {
  name: 'require-only-commonjs-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const inside =
        esModuleOnlyPackages.has(packageOf(args.path)) || /[\\/]node_modules[\\/]/.test(args.importer);
      return inside ? undefined : { path: args.path, external: true };
    });
  },
};
