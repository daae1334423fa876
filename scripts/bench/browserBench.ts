/**
 * The console in Debian's Chromium through the console host, at the headline fleet: time to
 * the first service row, long tasks on the main thread while updates stream in (a
 * `longtask` observer installed before the page loads), frames while the service table is
 * scrolled end to end, and the bytes the page's WebSocket receives, by stream.
 *
 * Chromium runs as the e2e specs run it (electron/testing/chromiumLaunch.ts), plus
 * `bypassCSP`: the page's CSP forbids eval, which is how the bench reads its observers'
 * findings back.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumMissing, prepareChromiumLaunch } from '../../electron/testing/chromiumLaunch';
import type { BenchReport, ExpectedFigure } from './benchReport';
import type { HostProcess } from './hostProcess';
import { byteSize, count, seconds } from './resultTable';
import { tallyByChannel, type ReceivedMessage } from './streamBytes';

export interface BrowserRun {
  services: number;
  /** How long the page is watched while the fleet is quiet, and then while a deploy runs. */
  quietMs: number;
  updatesMs: number;
  /** Makes something change in the fleet (a bad deploy), while the page watches. */
  changeSomething(): Promise<void>;
}

const names = (services: number) => ({
  firstScreen: `first useful screen, ${count(services)} services`,
  longTasks: 'main-thread tasks over 50 ms while updates stream in',
  scrolling: `scrolling the ${count(services)}-row table`,
  pageBytes: 'page WebSocket bytes a minute, fleet quiet',
});

export function browserExpectedFigures(services: number): ExpectedFigure[] {
  const figure = names(services);
  return [
    { figure: figure.firstScreen, goal: 'under 1 s' },
    { figure: figure.longTasks, goal: 'none' },
    { figure: figure.scrolling, goal: 'no frame over 50 ms' },
    { figure: figure.pageBytes, goal: 'heartbeats only (under 10 KB/min besides Kafka lag)' },
  ];
}

/** Records long tasks and the moment the first service row appears, from before the page's own code runs. */
const observerScript = `
window.__benchLongTasks = [];
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__benchLongTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch (error) { window.__benchLongTaskError = String(error); }
window.__benchFirstRowAt = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('[data-testid="service-row"]')) {
    window.__benchFirstRowAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
`;

/** Scrolls the nearest scrolling box around the service rows from top to bottom, a step a frame. */
const scrollScript = `(async () => {
  let box = document.querySelector('[data-testid="service-row"]');
  while (box && !(box.scrollHeight > box.clientHeight + 10 && getComputedStyle(box).overflowY !== 'visible')) box = box.parentElement;
  if (!box) return { error: 'no scrolling box around the service rows' };
  const distance = box.scrollHeight - box.clientHeight;
  const steps = 150;
  const frames = [];
  let last = performance.now();
  for (let step = 1; step <= steps; step++) {
    box.scrollTop = (distance * step) / steps;
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    const now = performance.now();
    frames.push(now - last);
    last = now;
  }
  return { frames };
})()`;

interface LongTask {
  start: number;
  duration: number;
}

export async function benchBrowser(host: HostProcess, run: BrowserRun, report: BenchReport): Promise<void> {
  const figure = names(run.services);
  const missing = chromiumMissing();
  if (missing) {
    report.skip(browserExpectedFigures(run.services), missing);
    return;
  }
  if (!existsSync(join(process.cwd(), 'dist', 'renderer', 'index.html'))) {
    report.skip(
      browserExpectedFigures(run.services),
      'the renderer is not built (dist/renderer): run the bench with its bundle section, or "npx vite build" first',
    );
    return;
  }
  const launch = await prepareChromiumLaunch();
  const context = await chromium.launchPersistentContext(launch.userDataDir, {
    ...launch.options,
    viewport: { width: 1440, height: 900 },
    bypassCSP: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const frames = watchWebSocket(page);
    await page.addInitScript({ content: observerScript });
    const url = new URL(host.url);
    url.hash = '#/services';
    await page.goto(url.toString());
    await page.locator('[data-testid="service-row"]').first().waitFor({ state: 'visible', timeout: 180_000 });
    const firstRowAt = await page.evaluate<number | null>('window.__benchFirstRowAt');
    const loadedAt = performance.now();
    const beforeFirstRow = frames.received.reduce((sum, frame) => sum + frame.bytes, 0);
    const loadTasks = (await longTasks(page)).filter(
      (task) => firstRowAt === null || task.start < firstRowAt,
    );
    report.add({
      figure: figure.firstScreen,
      measured: `${firstRowAt === null ? 'unknown' : seconds(firstRowAt)} from navigation (${byteSize(beforeFirstRow)} over the WebSocket by then; longest task while loading ${worst(loadTasks)})`,
      goal: 'under 1 s',
      met: firstRowAt === null ? null : firstRowAt < 1000,
    });

    // Quiet: the whole snapshot is in (its later pages are not part of a quiet minute) and
    // nothing changes in the fleet; Kafka lag moves with the traffic.
    await page.getByText(/more services are on their way/).waitFor({ state: 'detached', timeout: 180_000 });
    const pageNowAtQuiet = await page.evaluate<number>('performance.now()');
    const quietFrom = performance.now();
    await sleep(run.quietMs);
    const quiet = tallyByChannel(frames.received, quietFrom, performance.now());
    const minutes = (performance.now() - quietFrom) / 60_000;
    const besidesLag = [...quiet].filter(([channel]) => !channel.startsWith('kafka.'));
    const quietBytes = besidesLag.reduce((sum, [, tally]) => sum + tally.bytes, 0) / minutes;
    report.add({
      figure: figure.pageBytes,
      measured: `${byteSize(quietBytes)}/min (${[...quiet].map(([channel, tally]) => `${channel} ${byteSize(tally.bytes / minutes)}/min in ${tally.messages}`).join(', ') || 'nothing'})`,
      goal: 'heartbeats only (under 10 KB/min besides Kafka lag)',
      met: quietBytes < 10 * 1024,
    });

    await run.changeSomething();
    await sleep(run.updatesMs);
    const streaming = (await longTasks(page)).filter((task) => task.start >= pageNowAtQuiet);
    const over = streaming.filter((task) => task.duration > 50);
    report.add({
      figure: figure.longTasks,
      measured: `${over.length} in ${seconds(performance.now() - loadedAt)} (worst ${worst(streaming)})`,
      goal: 'none',
      met: over.length === 0,
    });

    const scrollFrom = await page.evaluate<number>('performance.now()');
    const scrolled = await page.evaluate<{ frames?: number[]; error?: string }>(scrollScript);
    if (!scrolled.frames) throw new Error(scrolled.error ?? 'the scroll measured nothing');
    const slow = scrolled.frames.filter((ms) => ms > 50);
    const scrollTasks = (await longTasks(page)).filter((task) => task.start >= scrollFrom);
    report.add({
      figure: figure.scrolling,
      measured: `${slow.length} of ${scrolled.frames.length} frames over 50 ms (worst ${Math.max(...scrolled.frames).toFixed(0)} ms; ${scrollTasks.length} main-thread tasks over 50 ms meanwhile)`,
      goal: 'no frame over 50 ms',
      met: slow.length === 0,
    });
    if (errors.length > 0) report.note(`page errors: ${errors.slice(0, 3).join(' | ')}`);
  } finally {
    await context.close();
    await launch.removeProfile();
  }
}

/** The page's WebSocket frames as they arrive, each counted against the stream or request it answers. */
function watchWebSocket(page: Page): { received: ReceivedMessage[] } {
  const received: ReceivedMessage[] = [];
  const channels = new Map<number, string>();
  page.on('websocket', (socket) => {
    socket.on('framesent', ({ payload }) => {
      const message = parseFrame(payload) as { id?: unknown; channel?: unknown } | null;
      if (typeof message?.id === 'number' && typeof message.channel === 'string')
        channels.set(message.id, message.channel);
    });
    socket.on('framereceived', ({ payload }) => {
      const message = parseFrame(payload) as { id?: unknown } | null;
      const channel = typeof message?.id === 'number' ? (channels.get(message.id) ?? 'other') : 'other';
      // Chromium shows each frame's payload after decompression: its text, not its size on the wire.
      const text = Buffer.byteLength(payload);
      received.push({ channel, bytes: text, textBytes: text, at: performance.now() });
    });
  });
  return { received };
}

function parseFrame(payload: string | Buffer): unknown {
  try {
    return JSON.parse(payload.toString());
  } catch {
    return null;
  }
}

async function longTasks(page: Page): Promise<LongTask[]> {
  return (await page.evaluate<LongTask[] | undefined>('window.__benchLongTasks')) ?? [];
}

function worst(tasks: readonly LongTask[]): string {
  return tasks.length === 0
    ? 'none over 50 ms'
    : `${Math.max(...tasks.map((task) => task.duration)).toFixed(0)} ms`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
