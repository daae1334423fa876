import { buildCli } from './buildCli';
import { buildElectronBundles } from './electronBundles';

// The desktop app's main process and preload (see electronBundles.ts), and the `flarenet`
// command beside them: the npm package and the packaged app carry it.
const [built] = await Promise.all([buildElectronBundles('dist/electron'), buildCli()]);
console.log(`Built ${built.main}, ${built.preload} and dist/cli/flarenet.mjs`);
