import { parseDeepLink } from '../../shared/desktop/deepLink';
import { desktopEvents, type DesktopEvent } from '../../shared/ipc/desktop';
import type { IpcRouter } from '../core/ipc/router';

/** Enough for a burst of links and notices while the page loads; older ones are dropped first. */
const mostUndelivered = 20;

/**
 * Carries what the desktop app tells its page (a link to open, a notice) over the console's
 * own stream channel. What happens before the page has subscribed (a link the app was
 * launched with, a link that arrives while the page reloads) waits here and is delivered on
 * subscribe, so nothing is lost to timing.
 */
export class DesktopEventHub {
  private readonly subscribers = new Set<(event: DesktopEvent) => void>();
  private readonly undelivered: DesktopEvent[] = [];
  private readonly standing = new Map<DesktopEvent['type'], DesktopEvent>();

  publish(event: DesktopEvent): void {
    if (this.subscribers.size === 0) this.keep(event);
    else for (const subscriber of this.subscribers) subscriber(event);
  }

  private keep(event: DesktopEvent): void {
    this.undelivered.push(event);
    if (this.undelivered.length > mostUndelivered) this.undelivered.shift();
  }

  /**
   * Keeps a notice for the page that loads next, whatever page is subscribed now: the one
   * that says a dead or hung page was reloaded must not go to the page that died.
   */
  publishToNextPage(event: DesktopEvent): void {
    this.keep(event);
  }

  /**
   * A state every page shows, whenever it loads (an update ready to install): the latest one
   * of its kind goes to the pages subscribed now and to each page that subscribes later.
   */
  announce(event: DesktopEvent): void {
    this.standing.set(event.type, event);
    for (const subscriber of this.subscribers) subscriber(event);
  }

  /**
   * Passes a menu command to the page showing now, and to no later one: a command chosen
   * while no page was there is not carried out by surprise once one is.
   */
  command(event: DesktopEvent): void {
    for (const subscriber of this.subscribers) subscriber(event);
  }

  /**
   * Opens the service or group a `flarenet://` link names; a link the console cannot read
   * becomes a notice in the page saying why. Returns that reason, or null.
   */
  openLink(link: string): string | null {
    const parsed = parseDeepLink(link);
    if (parsed.ok) {
      this.publish({ type: 'open', target: parsed.target });
      return null;
    }
    this.publish({ type: 'notice', text: parsed.error });
    return parsed.error;
  }

  register(router: IpcRouter): void {
    router.registerStream(desktopEvents, (_params, emit) => {
      this.subscribers.add(emit);
      for (const event of this.standing.values()) emit(event);
      for (const event of this.undelivered.splice(0)) emit(event);
      return () => this.subscribers.delete(emit);
    });
  }
}
