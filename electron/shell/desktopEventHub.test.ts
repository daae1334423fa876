import { describe, expect, it } from 'vitest';
import { desktopEvents, type DesktopEvent } from '../../shared/ipc/desktop';
import { IpcRouter } from '../core/ipc/router';
import { DesktopEventHub } from './desktopEventHub';

function subscribe(router: IpcRouter): { events: DesktopEvent[]; close: () => void } {
  const events: DesktopEvent[] = [];
  const result = router.subscribe(
    desktopEvents.name,
    {},
    (event) => events.push(event as DesktopEvent),
    () => undefined,
  );
  if (!result.ok) throw new Error(result.error.message);
  return { events, close: () => result.value.close() };
}

describe('DesktopEventHub', () => {
  it("opens a link's service in the page", () => {
    const router = new IpcRouter();
    const hub = new DesktopEventHub();
    hub.register(router);
    const page = subscribe(router);
    expect(hub.openLink('flarenet://service/production/prod-eu-1/payments')).toBeNull();
    expect(page.events).toEqual([
      {
        type: 'open',
        target: { kind: 'service', environment: 'production', cluster: 'prod-eu-1', service: 'payments' },
      },
    ]);
  });

  it('turns a bad link into a notice saying why, and returns the reason', () => {
    const router = new IpcRouter();
    const hub = new DesktopEventHub();
    hub.register(router);
    const page = subscribe(router);
    const reason = hub.openLink('flarenet://task/x');
    expect(reason).toContain('"task" is not something the console opens');
    expect(page.events).toEqual([{ type: 'notice', text: reason }]);
    expect(desktopEvents.event.safeParse(page.events[0]).success).toBe(true);
  });

  it('keeps what comes before the page subscribes, and delivers it once, in order', () => {
    const router = new IpcRouter();
    const hub = new DesktopEventHub();
    hub.register(router);
    hub.openLink('flarenet://group/main/payments');
    hub.publish({ type: 'notice', text: 'The page was reloaded.' });
    const page = subscribe(router);
    expect(page.events.map((event) => event.type)).toEqual(['open', 'notice']);
    page.close();
    expect(subscribe(router).events).toEqual([]);
  });

  it('keeps events for the next page while the old one has gone and the new one has not subscribed', () => {
    const router = new IpcRouter();
    const hub = new DesktopEventHub();
    hub.register(router);
    subscribe(router).close();
    hub.openLink('flarenet://group/main/payments');
    expect(subscribe(router).events).toHaveLength(1);
  });

  it('holds at most twenty undelivered events, dropping the oldest', () => {
    const router = new IpcRouter();
    const hub = new DesktopEventHub();
    hub.register(router);
    for (let index = 0; index < 25; index++) hub.publish({ type: 'notice', text: `notice ${index}` });
    const delivered = subscribe(router).events;
    expect(delivered).toHaveLength(20);
    expect(delivered[0]).toEqual({ type: 'notice', text: 'notice 5' });
  });

  it('passes a menu command to the page showing now, and keeps none for a later page', () => {
    const router = new IpcRouter();
    const hub = new DesktopEventHub();
    hub.register(router);
    hub.command({ type: 'command', command: 'refresh' });
    const page = subscribe(router);
    expect(page.events).toEqual([]);
    hub.command({ type: 'show-view', view: 'lag' });
    expect(page.events).toEqual([{ type: 'show-view', view: 'lag' }]);
  });

  it('keeps a notice for the next page even while a page is subscribed', () => {
    const router = new IpcRouter();
    const hub = new DesktopEventHub();
    hub.register(router);
    const dying = subscribe(router);
    hub.publishToNextPage({ type: 'notice', text: 'The page stopped and was reloaded.' });
    expect(dying.events).toEqual([]);
    dying.close();
    expect(subscribe(router).events).toEqual([
      { type: 'notice', text: 'The page stopped and was reloaded.' },
    ]);
  });

  it('gives an announced update to the page showing now and to every page that loads after it', () => {
    const router = new IpcRouter();
    const hub = new DesktopEventHub();
    hub.register(router);
    const page = subscribe(router);
    hub.announce({ type: 'update-ready', version: '0.2.0' });
    hub.announce({ type: 'update-ready', version: '0.2.1' });
    expect(page.events.map((event) => event.type === 'update-ready' && event.version)).toEqual([
      '0.2.0',
      '0.2.1',
    ]);
    page.close();
    expect(subscribe(router).events).toEqual([{ type: 'update-ready', version: '0.2.1' }]);
    expect(subscribe(router).events).toEqual([{ type: 'update-ready', version: '0.2.1' }]);
  });
});
