/**
 * Draws the tray icons in assets/tray/ from the app's icon, assets/icon.svg, with Debian's
 * Chromium: Electron's images are PNG or JPEG, never SVG. Run it again when the icon changes:
 *
 *   npx tsx scripts/renderTrayIcons.ts
 *
 * - trayIcon.png (16 px) and trayIcon@2x.png (32 px): the icon as it is, for the Windows
 *   notification area and Linux trays;
 * - trayIconTemplate.png and trayIconTemplate@2x.png: its flame alone in black on transparent,
 *   a macOS template image (the name ending in "Template" says so), which macOS tints to suit
 *   a light or dark menu bar.
 *
 * The build copies them beside the main process (scripts/electronBundles.ts).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumMissing, prepareChromiumLaunch } from '../electron/testing/chromiumLaunch';

const folder = join('assets', 'tray');
const size = 16;

const missing = chromiumMissing();
if (missing) throw new Error(missing);

const appIcon = await readFile(join('assets', 'icon.svg'), 'utf8');
const paths = [...appIcon.matchAll(/<path d="([^"]+)"/g)];
if (paths.length !== 1) throw new Error('assets/icon.svg should have one path, the flame.');
// The flame spans 8–24 across and 4–26 down the icon's 32 × 32: centred in a 24 × 24 box.
const flame = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="4 3 24 24"><path d="${paths[0]![1]}" fill="#000"/></svg>`;

const launch = await prepareChromiumLaunch();
const browser = await chromium.launch(launch.options);
try {
  await mkdir(folder, { recursive: true });
  for (const [name, svg] of [
    ['trayIcon', appIcon],
    ['trayIconTemplate', flame],
  ] as const) {
    for (const scale of [1, 2]) {
      const page = await browser.newPage({
        viewport: { width: size, height: size },
        deviceScaleFactor: scale,
      });
      const source = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(
        `<style>html,body{margin:0;background:transparent}</style><img src="${source}" width="${size}" height="${size}">`,
      );
      await page.evaluate("document.querySelector('img').decode()");
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      await writeFile(join(folder, `${name}${scale === 1 ? '' : `@${scale}x`}.png`), png);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await launch.removeProfile();
}
console.log(`Drew the tray icons in ${folder}/`);
