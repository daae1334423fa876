import { z } from 'zod';
import { bridgeChannels } from '../../shared/ipc/bridge';
import { describeIssues, fail, type Result } from '../../shared/ipc/result';
import type { IpcRouter, StreamSubscription } from '../core/ipc/router';

const invokeMessageSchema = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().min(1).max(200),
  payload: z.unknown(),
});
const idMessageSchema = z.object({ id: z.number().int().nonnegative() });
const subscribeMessageSchema = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().min(1).max(200),
  params: z.unknown(),
});

/** The frame a message came from, as far as the sender check reads it. */
interface SenderFrame {
  readonly url: string;
}

/** An IPC message's origin: Electron's IpcMainEvent and IpcMainInvokeEvent both have these. */
export interface IpcSenderEvent {
  readonly sender: unknown;
  readonly senderFrame: SenderFrame | null;
}

type SenderListener = (event: IpcSenderEvent, raw: unknown) => void;

/** The part of Electron's `ipcMain` the console uses; passed in, so the tests run without Electron. */
export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcSenderEvent, raw: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: SenderListener): unknown;
  off(channel: string, listener: SenderListener): unknown;
}

type NavigationListener = (event: unknown, url: string, isInPlace: boolean, isMainFrame: boolean) => void;

/** The part of a window's `webContents` the console protocol uses. */
export interface ConsoleWebContents {
  readonly mainFrame: SenderFrame;
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
  on(event: 'did-start-navigation', listener: NavigationListener): unknown;
  off(event: 'did-start-navigation', listener: NavigationListener): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
  off(event: 'render-process-gone', listener: () => void): unknown;
  once(event: 'destroyed', listener: () => void): unknown;
}

interface PageState {
  inFlight: Map<number, AbortController>;
  streams: Map<number, StreamSubscription>;
}

/**
 * Carries the console protocol over Electron IPC for one window. Every message must come
 * from that window's own main frame showing the app's own page; anything else is refused.
 * A page's streams and requests are ended when it navigates, reloads or is destroyed.
 */
export function attachElectronIpc(
  ipcMain: IpcMainPort,
  router: IpcRouter,
  webContents: ConsoleWebContents,
  isAppUrl: (url: string) => boolean,
): () => void {
  let page: PageState = { inFlight: new Map(), streams: new Map() };

  const endPage = () => {
    for (const abort of page.inFlight.values()) abort.abort();
    for (const stream of page.streams.values()) stream.close();
    page = { inFlight: new Map(), streams: new Map() };
  };

  const fromOwnMainFrame = (event: IpcSenderEvent): boolean => {
    const frame = event.senderFrame;
    return (
      event.sender === webContents && frame !== null && frame === webContents.mainFrame && isAppUrl(frame.url)
    );
  };

  const onInvoke = async (event: IpcSenderEvent, raw: unknown): Promise<Result<unknown>> => {
    if (!fromOwnMainFrame(event))
      return fail('FORBIDDEN', 'Requests are accepted only from the console window.');
    const parsed = invokeMessageSchema.safeParse(raw);
    if (!parsed.success)
      return fail('VALIDATION', 'Malformed console message.', describeIssues(parsed.error));
    const { id, channel, payload } = parsed.data;
    const abort = new AbortController();
    const owner = page;
    owner.inFlight.set(id, abort);
    try {
      return await router.invoke(channel, payload, abort.signal);
    } finally {
      owner.inFlight.delete(id);
    }
  };

  const onCancel = (event: IpcSenderEvent, raw: unknown) => {
    if (!fromOwnMainFrame(event)) return;
    const parsed = idMessageSchema.safeParse(raw);
    if (parsed.success) page.inFlight.get(parsed.data.id)?.abort();
  };

  const onSubscribe = (event: IpcSenderEvent, raw: unknown) => {
    if (!fromOwnMainFrame(event)) return;
    const parsed = subscribeMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    const { id, channel, params } = parsed.data;
    const owner = page;
    owner.streams.get(id)?.close();
    const send = (message: unknown) => {
      if (owner === page && !webContents.isDestroyed()) webContents.send(bridgeChannels.stream, message);
    };
    const result = router.subscribe(
      channel,
      params,
      (streamEvent) => send({ type: 'event', id, event: streamEvent }),
      (error) => {
        owner.streams.delete(id);
        send(error ? { type: 'stream-end', id, error } : { type: 'stream-end', id });
      },
    );
    if (result.ok) owner.streams.set(id, result.value);
    else send({ type: 'stream-end', id, error: result.error });
  };

  const onUnsubscribe = (event: IpcSenderEvent, raw: unknown) => {
    if (!fromOwnMainFrame(event)) return;
    const parsed = idMessageSchema.safeParse(raw);
    if (!parsed.success) return;
    page.streams.get(parsed.data.id)?.close();
    page.streams.delete(parsed.data.id);
  };

  // ipcMain is process-wide: one window owns these channels. A second window would need
  // its own routing by sender, which the console does not have yet.
  ipcMain.handle(bridgeChannels.invoke, onInvoke);
  ipcMain.on(bridgeChannels.cancel, onCancel);
  ipcMain.on(bridgeChannels.subscribe, onSubscribe);
  ipcMain.on(bridgeChannels.unsubscribe, onUnsubscribe);
  const onNavigate: NavigationListener = (_event, _url, isInPlace, isMainFrame) => {
    if (isMainFrame && !isInPlace) endPage();
  };
  webContents.on('did-start-navigation', onNavigate);
  // A page whose process died answers nothing more: its requests and streams end with it.
  webContents.on('render-process-gone', endPage);
  webContents.once('destroyed', endPage);

  return () => {
    endPage();
    ipcMain.removeHandler(bridgeChannels.invoke);
    ipcMain.off(bridgeChannels.cancel, onCancel);
    ipcMain.off(bridgeChannels.subscribe, onSubscribe);
    ipcMain.off(bridgeChannels.unsubscribe, onUnsubscribe);
    if (webContents.isDestroyed()) return;
    webContents.off('did-start-navigation', onNavigate);
    webContents.off('render-process-gone', endPage);
  };
}
