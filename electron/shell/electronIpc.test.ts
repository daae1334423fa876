import { afterEach, describe, expect, it } from 'vitest';
import { bridgeChannels } from '../../shared/ipc/bridge';
import { IpcRouter } from '../core/ipc/router';
import { FakeIpcMain, FakeWebContents } from '../testing/electronFakes';
import { echoChannel, slowChannel, tickStream } from '../testing/testChannels';
import { attachElectronIpc } from './electronIpc';

const appUrl = 'file:///opt/flarenet/renderer/index.html';
const isAppUrl = (url: string) => url.startsWith('file:///opt/flarenet/renderer/');

interface Harness {
  ipcMain: FakeIpcMain;
  contents: FakeWebContents;
  detach: () => void;
  openStreams: () => number;
  slowSignals: AbortSignal[];
}

let detachAfter: (() => void) | undefined;
afterEach(() => {
  detachAfter?.();
  detachAfter = undefined;
});

function setUp(): Harness {
  const router = new IpcRouter();
  let streamsOpen = 0;
  const slowSignals: AbortSignal[] = [];
  router.register(echoChannel, ({ text, times }) => ({ echoed: text.repeat(times) }));
  router.register(slowChannel, (_request, { signal }) => {
    slowSignals.push(signal);
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ done: true as const })));
  });
  router.registerStream(tickStream, (_params, emit) => {
    streamsOpen++;
    emit({ tick: 0 });
    return () => streamsOpen--;
  });
  const ipcMain = new FakeIpcMain();
  const contents = new FakeWebContents(appUrl);
  const detach = attachElectronIpc(ipcMain, router, contents, isAppUrl);
  detachAfter = detach;
  return { ipcMain, contents, detach, openStreams: () => streamsOpen, slowSignals };
}

const echo = { id: 1, channel: echoChannel.name, payload: { text: 'ab', times: 2 } };
const forbidden = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Requests are accepted only from the console window.' },
};

function subscribeTicks(harness: Harness, id: number, event = harness.contents.eventFrom()): void {
  harness.ipcMain.send(bridgeChannels.subscribe, event, {
    id,
    channel: tickStream.name,
    params: { every: 5 },
  });
}

describe('the Electron IPC sender check', () => {
  it("answers a request from the window's own main frame showing the app", async () => {
    const { ipcMain, contents } = setUp();
    expect(await ipcMain.invoke(bridgeChannels.invoke, contents.eventFrom(), echo)).toEqual({
      ok: true,
      value: { echoed: 'abab' },
    });
  });

  it('refuses a request from a subframe of the window', async () => {
    const { ipcMain, contents } = setUp();
    const subframe = { url: appUrl };
    expect(await ipcMain.invoke(bridgeChannels.invoke, contents.eventFrom(subframe), echo)).toEqual(
      forbidden,
    );
  });

  it('refuses a request from another webContents, even one showing the app', async () => {
    const { ipcMain } = setUp();
    const other = new FakeWebContents(appUrl);
    expect(await ipcMain.invoke(bridgeChannels.invoke, other.eventFrom(), echo)).toEqual(forbidden);
  });

  it('refuses a request whose frame is gone', async () => {
    const { ipcMain, contents } = setUp();
    expect(await ipcMain.invoke(bridgeChannels.invoke, contents.eventFrom(null), echo)).toEqual(forbidden);
  });

  it('refuses a request once the main frame shows a page that is not the app', async () => {
    const { ipcMain, contents } = setUp();
    contents.mainFrame.url = 'https://example.invalid/';
    expect(await ipcMain.invoke(bridgeChannels.invoke, contents.eventFrom(), echo)).toEqual(forbidden);
  });

  it('opens no stream for a subscriber that is not the main frame', () => {
    const harness = setUp();
    subscribeTicks(harness, 1, harness.contents.eventFrom({ url: appUrl }));
    subscribeTicks(harness, 2, new FakeWebContents(appUrl).eventFrom());
    expect(harness.openStreams()).toBe(0);
    expect(harness.contents.sent).toEqual([]);
  });

  it('ignores a cancel from another webContents', async () => {
    const harness = setUp();
    const pending = harness.ipcMain.invoke(bridgeChannels.invoke, harness.contents.eventFrom(), {
      id: 7,
      channel: slowChannel.name,
      payload: { ms: 10_000 },
    });
    harness.ipcMain.send(bridgeChannels.cancel, new FakeWebContents(appUrl).eventFrom(), { id: 7 });
    expect(harness.slowSignals[0]?.aborted).toBe(false);
    harness.ipcMain.send(bridgeChannels.cancel, harness.contents.eventFrom(), { id: 7 });
    expect(harness.slowSignals[0]?.aborted).toBe(true);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('answers a malformed message with a validation failure', async () => {
    const { ipcMain, contents } = setUp();
    expect(await ipcMain.invoke(bridgeChannels.invoke, contents.eventFrom(), { id: -1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });
});

describe("the Electron IPC page's subscriptions", () => {
  it('sends stream events to the window that subscribed', () => {
    const harness = setUp();
    subscribeTicks(harness, 3);
    expect(harness.openStreams()).toBe(1);
    expect(harness.contents.sent).toEqual([
      { channel: bridgeChannels.stream, message: { type: 'event', id: 3, event: { tick: 0 } } },
    ]);
  });

  it("ends the page's streams and requests when the main frame navigates to a new document", () => {
    const harness = setUp();
    subscribeTicks(harness, 1);
    subscribeTicks(harness, 2);
    void harness.ipcMain.invoke(bridgeChannels.invoke, harness.contents.eventFrom(), {
      id: 9,
      channel: slowChannel.name,
      payload: { ms: 10_000 },
    });
    expect(harness.openStreams()).toBe(2);

    harness.contents.startNavigation(appUrl, { inPlace: false, mainFrame: true });
    expect(harness.openStreams()).toBe(0);
    expect(harness.slowSignals[0]?.aborted).toBe(true);
  });

  it('keeps the streams on a hash change and on a subframe navigating', () => {
    const harness = setUp();
    subscribeTicks(harness, 1);
    harness.contents.startNavigation(`${appUrl}#/lag`, { inPlace: true, mainFrame: true });
    harness.contents.startNavigation('https://example.invalid/', { inPlace: false, mainFrame: false });
    expect(harness.openStreams()).toBe(1);
  });

  it('lets the new page subscribe again with the ids the old one used', () => {
    const harness = setUp();
    subscribeTicks(harness, 1);
    harness.contents.startNavigation(appUrl, { inPlace: false, mainFrame: true });
    harness.contents.sent.length = 0;
    subscribeTicks(harness, 1);
    expect(harness.contents.sent).toHaveLength(1);
    expect(harness.openStreams()).toBe(1);
  });

  it("ends the page's streams and requests when its process dies", () => {
    const harness = setUp();
    subscribeTicks(harness, 1);
    void harness.ipcMain.invoke(bridgeChannels.invoke, harness.contents.eventFrom(), {
      id: 4,
      channel: slowChannel.name,
      payload: { ms: 10_000 },
    });
    harness.contents.processGone('crashed', 139);
    expect(harness.openStreams()).toBe(0);
    expect(harness.slowSignals[0]?.aborted).toBe(true);
  });

  it("ends the page's streams when the window is destroyed", () => {
    const harness = setUp();
    subscribeTicks(harness, 1);
    harness.contents.destroy();
    expect(harness.openStreams()).toBe(0);
  });

  it('lets go of every channel and stream when detached', () => {
    const harness = setUp();
    subscribeTicks(harness, 1);
    harness.detach();
    detachAfter = undefined;
    expect(harness.openStreams()).toBe(0);
    expect(harness.ipcMain.registrations()).toBe(0);
    expect(harness.contents.listenerCount('did-start-navigation')).toBe(0);
    expect(harness.contents.listenerCount('render-process-gone')).toBe(0);
  });
});
