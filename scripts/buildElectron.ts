import { buildCli } from './buildCli';
import { buildElectronBundles } from './electronBundles';

// The desktop app's main process, preload and host worker (see electronBundles.ts), and the
// `flarenet` command for the npm package.
const [built] = await Promise.all([buildElectronBundles('dist/electron'), buildCli()]);
console.log(`Built ${built.main}, ${built.preload}, ${built.coreThread} and dist/cli/flarenet.mjs`);
