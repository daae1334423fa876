import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LagEvent } from '../../../shared/kafka/kafkaModel';
import { ConsoleClient } from '../../../shared/ipc/client';
import {
  markNotificationsRead,
  notificationMutes,
  notificationUpdates,
  setNotificationMute,
} from '../../../shared/ipc/notifications';
import type { Inbox } from '../../../shared/notifications/notificationModel';
import { groupLagSummary } from '../../../shared/testing/topologyTestData';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { readOnlyPolicy } from '../app/readOnlyPolicy';
import { IpcRouter } from '../ipc/router';
import { registerNotificationHandlers } from './notificationHandlers';
import { startNotifications, type NotificationService } from './notificationService';

/**
 * The inbox over the contract, as the page sees it: a consumer group turning ERR arrives
 * on `notifications.updates` with an unread count, is marked read, and a read-only console
 * may still mute.
 */

const cleanUps: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
});

function lagSource() {
  const listeners = new Set<(event: LagEvent) => void>();
  return {
    subscribe(listener: (event: LagEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(erring: boolean) {
      const group = groupLagSummary('payment-service', ['payments'], 900, {
        burrowStatus: erring ? 'ERR' : 'OK',
        severity: erring ? 'error' : 'ok',
      });
      const event: LagEvent = {
        type: 'delta',
        delta: { upserted: [group], removed: [], clusters: [], generatedAt: Date.now() },
      };
      for (const listener of listeners) listener(event);
    },
  };
}

async function setUp() {
  const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-inbox-'));
  const lag = lagSource();
  const notifications: NotificationService = await startNotifications({
    dataDir,
    fleet: { subscribe: () => () => undefined },
    lag,
    log: () => undefined,
  });
  // A read-only console: actions are refused, mutes are not (they change only what it tells).
  const router = new IpcRouter({ actionPolicy: readOnlyPolicy('this is a wall screen') });
  registerNotificationHandlers(router, notifications);
  const memory = createMemoryTransport(router);
  cleanUps.push(
    () => rm(dataDir, { recursive: true, force: true }),
    () => notifications.close(),
    () => memory.close(),
  );
  const client = new ConsoleClient(memory.transport);
  const inboxes: Inbox[] = [];
  cleanUps.push(client.subscribe(notificationUpdates, {}, (inbox) => inboxes.push(inbox)));
  await expect.poll(() => inboxes.length).toBe(1);
  return { client, lag, inboxes, latest: () => inboxes[inboxes.length - 1]! };
}

describe('the notification channels', () => {
  it('streams the inbox with its unread count, and marks read', async () => {
    const run = await setUp();
    expect(run.latest()).toEqual({ entries: [], unread: 0 });
    run.lag.publish(true);
    await expect.poll(() => run.latest().unread).toBe(1);
    const entry = run.latest().entries[0]!;
    expect(entry).toMatchObject({
      read: false,
      notification: {
        rule: 'group-err',
        title: 'Consumer group payment-service is ERR: 900 behind',
        resolution: null,
      },
    });

    const marked = await run.client.invoke(markNotificationsRead, { ids: [entry.notification.id] });
    expect(marked).toEqual({ ok: true, value: { unread: 0 } });
    await expect.poll(() => run.latest().entries[0]!.read).toBe(true);

    // The resolution updates the same entry and makes it unread again.
    run.lag.publish(false);
    await expect.poll(() => run.latest().unread).toBe(1);
    expect(run.latest().entries).toHaveLength(1);
    expect(run.latest().entries[0]!.notification.resolution?.title).toMatch(/back to OK/);
    await run.client.invoke(markNotificationsRead, {});
    await expect.poll(() => run.latest().unread).toBe(0);
  });

  it('lets a read-only console mute and unmute, and says what is wrong with a bad mute', async () => {
    const run = await setUp();
    const scope = { kind: 'group', kafkaCluster: 'flarenet-kafka', group: 'payment-service' } as const;
    const muted = await run.client.invoke(setNotificationMute, { scope, state: { kind: 'muted' } });
    expect(muted).toEqual({ ok: true, value: { mutes: [{ scope, until: null }] } });
    run.lag.publish(true);
    expect(await run.client.invoke(notificationMutes, {})).toEqual({
      ok: true,
      value: { mutes: [{ scope, until: null }] },
    });
    expect(run.latest().unread).toBe(0);

    await run.client.invoke(setNotificationMute, { scope, state: { kind: 'on' } });
    // Lifting the mute lets the group's ERR, which still holds, through.
    await expect.poll(() => run.latest().unread).toBe(1);

    const bad = await run.client.invoke(setNotificationMute, {
      scope: { kind: 'service', environment: 'production' } as never,
      state: { kind: 'muted' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('VALIDATION');
      expect(bad.error.details?.join('\n')).toMatch(/scope\.service/);
    }
  });
});
