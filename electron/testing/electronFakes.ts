import { EventEmitter } from 'node:events';

/**
 * Small stand-ins for the Electron objects the shell modules take as arguments, so the
 * shell's rules run under plain Node. They keep what the shell did to them (messages sent,
 * handlers set) for the tests to read, and let a test act as Chromium would: a frame sends a
 * message, the page navigates, a permission is asked for, the window is destroyed.
 */

export interface FakeFrame {
  url: string;
}

/** An IPC event as Electron builds it: which webContents and which of its frames sent the message. */
export interface FakeSenderEvent {
  sender: unknown;
  senderFrame: FakeFrame | null;
}

type FakeIpcListener = (event: FakeSenderEvent, raw: unknown) => unknown;

export class FakeIpcMain {
  private readonly handlers = new Map<string, FakeIpcListener>();
  private readonly listeners = new EventEmitter();

  handle(channel: string, listener: FakeIpcListener): void {
    // Electron throws on a second handler for one channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`A handler for "${channel}" is already registered.`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  on(channel: string, listener: FakeIpcListener): this {
    this.listeners.on(channel, listener);
    return this;
  }

  off(channel: string, listener: FakeIpcListener): this {
    this.listeners.off(channel, listener);
    return this;
  }

  /** `ipcRenderer.invoke` from the page: resolves with the handler's answer. */
  invoke(channel: string, event: FakeSenderEvent, raw: unknown): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for "${channel}".`));
    return Promise.resolve(handler(event, raw));
  }

  /** `ipcRenderer.send` from the page. */
  send(channel: string, event: FakeSenderEvent, raw: unknown): void {
    this.listeners.emit(channel, event, raw);
  }

  /** Handlers and listeners still registered: zero once the shell has let go. */
  registrations(): number {
    return (
      this.handlers.size +
      this.listeners.eventNames().reduce((count, name) => count + this.listeners.listenerCount(name), 0)
    );
  }
}

/** An Electron event that can be cancelled with preventDefault, as will-navigate's is. */
export class FakePreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: ((webContents: unknown, permission: string) => boolean) | null = null;

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void {
    this.permissionCheckHandler = handler;
  }
}

/** A window's webContents: its main frame, the messages sent to it, and what it was told to refuse. */
export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  readonly session = new FakeSession();
  readonly sent: Array<{ channel: string; message: unknown }> = [];
  reloads = 0;
  private destroyed = false;
  private windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;

  constructor(url: string) {
    super();
    this.mainFrame = { url };
  }

  send(channel: string, message: unknown): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, message });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  reload(): void {
    this.reloads++;
  }

  /** Ends the page's process as Electron does, which reports it gone. */
  forcefullyCrashRenderer(): void {
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }

  /** The page's process dies by itself. */
  processGone(reason: string, exitCode: number): void {
    this.emit('render-process-gone', {}, { reason, exitCode });
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  /** An IPC event from this page's main frame, or from another frame of it. */
  eventFrom(frame: FakeFrame | null = this.mainFrame): FakeSenderEvent {
    return { sender: this, senderFrame: frame };
  }

  /** `window.open(url)` in the page: what the handler answered, 'allow' when none was set. */
  openWindow(url: string): string {
    return this.windowOpenHandler?.({ url }).action ?? 'allow';
  }

  /** A navigation the page starts (a link, `location.href = …`): true when the window let it happen. */
  tryNavigate(url: string): boolean {
    return this.emitPreventable('will-navigate', url);
  }

  tryRedirect(url: string): boolean {
    return this.emitPreventable('will-redirect', url);
  }

  tryAttachWebview(): boolean {
    return this.emitPreventable('will-attach-webview');
  }

  /** The page starts loading: a new document (reload, navigation) or, in place, a hash change. */
  startNavigation(url: string, options: { inPlace: boolean; mainFrame: boolean }): void {
    this.emit('did-start-navigation', {}, url, options.inPlace, options.mainFrame);
  }

  /** Asks as Chromium would when a page calls for a permission; resolves with the answer. */
  requestPermission(permission: string): Promise<boolean> {
    const handler = this.session.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(this, permission, resolve));
  }

  checkPermission(permission: string): boolean {
    return this.session.permissionCheckHandler?.(this, permission) ?? true;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  private emitPreventable(name: string, ...args: unknown[]): boolean {
    const event = new FakePreventableEvent();
    this.emit(name, event, ...args);
    return !event.defaultPrevented;
  }
}

interface FakeRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A BrowserWindow as far as its place on screen, its focus and its closing go. */
export class FakeBrowserWindow extends EventEmitter {
  readonly webContents: FakeWebContents;
  shown = false;
  focused = false;
  private minimized = false;
  private maximized = false;
  private fullScreen = false;
  private destroyed = false;

  constructor(
    private normalBounds: FakeRectangle,
    url = 'file:///opt/flarenet/renderer/index.html',
  ) {
    super();
    this.webContents = new FakeWebContents(url);
  }

  getNormalBounds(): FakeRectangle {
    return { ...this.normalBounds };
  }

  isMaximized(): boolean {
    return this.maximized;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  /** The user drags or resizes the window. */
  setBounds(bounds: FakeRectangle): void {
    this.normalBounds = bounds;
    this.emit('resize');
    this.emit('move');
  }

  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }

  unmaximize(): void {
    this.maximized = false;
    this.emit('unmaximize');
  }

  minimize(): void {
    this.minimized = true;
    this.focused = false;
    this.emit('minimize');
  }

  restore(): void {
    this.minimized = false;
    this.emit('restore');
  }

  show(): void {
    this.shown = true;
  }

  hide(): void {
    this.shown = false;
    this.focused = false;
    this.emit('hide');
  }

  isVisible(): boolean {
    return this.shown && !this.destroyed;
  }

  isFullScreen(): boolean {
    return this.fullScreen;
  }

  /** As on macOS, leaving full screen is an animation that ends with its event. */
  setFullScreen(flag: boolean): void {
    if (flag === this.fullScreen) return;
    this.fullScreen = flag;
    this.emit(flag ? 'enter-full-screen' : 'leave-full-screen');
  }

  /** The page stops answering (a script that never returns), or starts again. */
  hang(): void {
    this.emit('unresponsive');
  }

  answerAgain(): void {
    this.emit('responsive');
  }

  focus(): void {
    this.focused = !this.minimized;
  }

  /** The user closes the window (or the app closes it to quit): gone unless a 'close' listener prevents it. */
  close(): void {
    const event = new FakePreventableEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.shown = false;
    this.focused = false;
    this.emit('closed');
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/**
 * The operating system's single-instance lock, shared by the FakeApps of one test as it is
 * by the processes of one user: the first to ask holds it, and each later launch's request is
 * passed to the holder as a `second-instance` event.
 */
export class FakeInstanceLock {
  holder: FakeApp | null = null;
}

/**
 * Electron's `app` for one launch of the console, with the arguments it was launched with,
 * and the windows it has: closing the last one says `window-all-closed`, and `quit()` goes as
 * Electron's does — `before-quit`, then each window is closed, and a window that refuses to
 * close stops the quit.
 */
export class FakeApp extends EventEmitter {
  quits = 0;
  /** Whether a quit went all the way through. */
  quitted = false;
  readonly protocolClients: Array<{ protocol: string; path?: string; args?: string[] }> = [];
  private readonly windows = new Set<FakeBrowserWindow>();
  private quitting = false;

  constructor(
    private readonly lock: FakeInstanceLock = new FakeInstanceLock(),
    readonly argv: string[] = [],
  ) {
    super();
  }

  /** A window the app has opened, as `BrowserWindow.getAllWindows()` would list it. */
  track(win: FakeBrowserWindow): void {
    this.windows.add(win);
    win.once('closed', () => {
      this.windows.delete(win);
      if (this.windows.size === 0 && !this.quitting) this.emit('window-all-closed');
    });
  }

  /** The dock icon is clicked (macOS), with or without a window showing. */
  activate(): void {
    this.emit(
      'activate',
      {},
      [...this.windows].some((win) => win.isVisible()),
    );
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    if (this.lock.holder === null) {
      this.lock.holder = this;
      return true;
    }
    this.lock.holder.emit('second-instance', {}, this.argv, '/home/ops', additionalData ?? {});
    return false;
  }

  quit(): void {
    this.quits++;
    const event = new FakePreventableEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitting = true;
    for (const win of [...this.windows]) win.close();
    this.quitting = false;
    if (this.windows.size > 0) return;
    this.quitted = true;
    this.emit('will-quit', new FakePreventableEvent());
  }

  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push({
      protocol,
      ...(path === undefined ? {} : { path }),
      ...(args ? { args } : {}),
    });
    return true;
  }

  /** macOS opens a link in the running app with this event. */
  openUrl(url: string): boolean {
    const event = new FakePreventableEvent();
    this.emit('open-url', event, url);
    return event.defaultPrevented;
  }
}

/** Electron's Tray: its tooltip and context menu as last set, and clicks on its icon. */
export class FakeTray<Menu = unknown> extends EventEmitter {
  toolTip = '';
  menu: Menu | null = null;
  destroyed = false;

  setToolTip(toolTip: string): void {
    this.toolTip = toolTip;
  }

  setContextMenu(menu: Menu | null): void {
    this.menu = menu;
  }

  destroy(): void {
    this.destroyed = true;
  }

  click(): void {
    this.emit('click', {}, { x: 0, y: 0, width: 16, height: 16 }, { x: 8, y: 8 });
  }
}

/** Electron's desktop Notification: each one made is kept, with what it says, and can be clicked. */
export class FakeNotification {
  static supported = true;
  static made: FakeNotification[] = [];
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  /** Forgets those made so far, and makes the desktop support notifications or not. */
  static reset(supported = true): void {
    FakeNotification.made = [];
    FakeNotification.supported = supported;
  }
  shown = false;
  closed = false;
  private readonly listeners = new Map<string, () => void>();
  constructor(readonly options: { title: string; body: string }) {
    FakeNotification.made.push(this);
  }
  on(event: 'click' | 'close', listener: () => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    this.listeners.get('close')?.();
  }
  click(): void {
    this.listeners.get('click')?.();
  }
}
