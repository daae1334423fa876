import { appGetInfo, appInfoChanges, type AppInfo } from '../../../shared/ipc/app';
import type { IpcRouter } from '../ipc/router';

/**
 * What the console says about itself, and who hears when that changes: the environments and
 * clusters change while it runs when its sandbox is rebuilt at another size, and a page must
 * learn so without reconnecting.
 */
export class AppInfoFeed {
  private readonly listeners = new Set<(info: AppInfo) => void>();

  constructor(
    private info: AppInfo,
    private readonly onError: (error: unknown) => void,
  ) {}

  current(): AppInfo {
    return this.info;
  }

  /** Tells every subscriber the new info, unless it says the same as before. */
  update(info: AppInfo): void {
    if (JSON.stringify(info) === JSON.stringify(this.info)) return;
    this.info = info;
    for (const listener of [...this.listeners]) {
      try {
        listener(info);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** The first call is the info as it is now, so nothing that changed meanwhile is missed. */
  subscribe(listener: (info: AppInfo) => void): () => void {
    this.listeners.add(listener);
    listener(this.info);
    return () => {
      this.listeners.delete(listener);
    };
  }
}

/** The app's side of the contract: the info, asked for or followed. */
export function registerAppHandlers(router: IpcRouter, feed: AppInfoFeed): void {
  router.register(appGetInfo, () => feed.current());
  router.registerStream(appInfoChanges, (_params, emit) => feed.subscribe(emit));
}
