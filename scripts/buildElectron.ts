import { buildElectronBundles } from './electronBundles';

const built = await buildElectronBundles('dist/electron');
console.log(`Built ${built.main} and ${built.preload}`);
