import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { pageContentSecurityPolicy } from './electron/core/app/contentSecurityPolicy';

/** Writes the one content security policy into the page, ahead of anything it would govern. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'flarenet-content-security-policy',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: pageContentSecurityPolicy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// The renderer is a static bundle: Electron loads it from disk, the console host serves it over HTTP.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [contentSecurityPolicyMeta(), react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // One stylesheet for the whole page, loaded with it: the features share classes (the lag
    // badges in the service panel, the detail panel's parts in the dialog), so a view's styles
    // split off with its lazy chunk would leave another view unstyled until that one loads.
    // All of it is 9 kB gzip.
    cssCodeSplit: false,
  },
});
