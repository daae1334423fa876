import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notifierHarness } from '../../testing/notificationHarness';
import { alarmSignals } from './alarmRules';
import { MuteStore } from './muteStore';

/** Mutes: per environment, service and group, for good or until a time, kept in an owner-only file. */

const start = Date.UTC(2025, 5, 2, 9, 0, 0);
const folders: string[] = [];

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function dataFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'flarenet-mutes-'));
  folders.push(folder);
  return folder;
}

/** A notifier whose mutes are a MuteStore in a fresh data folder. */
async function mutedHarness() {
  const harness = notifierHarness(start);
  const mutes = await MuteStore.open({
    dataDir: await dataFolder(),
    now: harness.clock.now,
    log: () => undefined,
  });
  harness.mutedUntil = (problem, now) => mutes.mutedUntil(problem.subject, now);
  return { harness, mutes };
}

const paymentAlarm = (to: 'ALARM' | 'OK', at: number) =>
  alarmSignals({
    alarmName: 'payment-5xx',
    serviceKey: 'arn:aws:ecs:us-east-1:111122223333:cluster/flarenet-production|payment-service',
    environment: 'production',
    from: to === 'ALARM' ? 'OK' : 'ALARM',
    to,
    at,
    reason: '',
  });

describe('notification mutes', () => {
  it('holds a muted service’s notification until its mute ends, then tells it if it still holds', async () => {
    const { harness, mutes } = await mutedHarness();
    await mutes.set(
      { kind: 'service', environment: 'production', service: 'payment-service' },
      { kind: 'muted-until', until: start + 10 * 60_000 },
    );

    harness.notifier.receive(paymentAlarm('ALARM', start));
    harness.clock.advance(10 * 60_000 - 1);
    expect(harness.said()).toEqual([]);
    harness.clock.advance(1);
    expect(harness.said()).toEqual(['fired: Alarm payment-5xx is in ALARM on payment-service']);
    expect(mutes.list()).toEqual([]);
  });

  it('drops what clears while muted, and a whole environment’s mute covers its services', async () => {
    const { harness, mutes } = await mutedHarness();
    await mutes.set({ kind: 'environment', environment: 'production' }, { kind: 'muted' });
    harness.notifier.receive(paymentAlarm('ALARM', start));
    harness.clock.advance(5 * 60_000);
    harness.notifier.receive(paymentAlarm('OK', harness.clock.now()));
    await mutes.set({ kind: 'environment', environment: 'production' }, { kind: 'on' });
    harness.notifier.review();
    harness.clock.advance(60 * 60_000);
    expect(harness.said()).toEqual([]);
  });

  it('mutes everything, with no environment or group, beside the mutes it leaves alone', async () => {
    const { harness, mutes } = await mutedHarness();
    await mutes.set({ kind: 'environment', environment: 'production' }, { kind: 'muted' });
    await mutes.set({ kind: 'all' }, { kind: 'muted-until', until: start + 60 * 60_000 });
    const nowhere = {
      key: 'webhook|oncall',
      environment: null,
      service: null,
      kafkaCluster: null,
      group: null,
    };
    expect(mutes.mutedUntil(nowhere, start)).toBe(start + 60 * 60_000);
    harness.notifier.receive(paymentAlarm('ALARM', start));
    harness.clock.advance(60 * 60_000);
    // The hour is over; the environment's own mute, for good, still holds.
    expect(mutes.list()).toEqual([
      { scope: { kind: 'environment', environment: 'production' }, until: null },
    ]);
    expect(harness.said()).toEqual([]);
    await mutes.set({ kind: 'environment', environment: 'production' }, { kind: 'on' });
    harness.notifier.review();
    expect(harness.said()).toEqual(['fired: Alarm payment-5xx is in ALARM on payment-service']);
  });

  it('keeps mutes in an owner-only file that a restart reads back, and survives a broken one', async () => {
    const dataDir = await dataFolder();
    const clock = notifierHarness(start).clock;
    const first = await MuteStore.open({ dataDir, now: clock.now, log: () => undefined });
    await first.set(
      { kind: 'group', kafkaCluster: 'flarenet-kafka', group: 'payment-service' },
      { kind: 'muted' },
    );
    const file = join(dataDir, 'notification-mutes.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const again = await MuteStore.open({ dataDir, now: clock.now, log: () => undefined });
    expect(again.list()).toEqual([
      { scope: { kind: 'group', kafkaCluster: 'flarenet-kafka', group: 'payment-service' }, until: null },
    ]);
    expect(
      again.mutedUntil(
        {
          key: 'k',
          environment: null,
          service: null,
          kafkaCluster: 'flarenet-kafka',
          group: 'payment-service',
        },
        start,
      ),
    ).toBe(Infinity);

    await writeFile(file, '{ not json');
    const lines: string[] = [];
    const broken = await MuteStore.open({ dataDir, now: clock.now, log: (line) => lines.push(line) });
    expect(broken.list()).toEqual([]);
    expect(lines.join('\n')).toMatch(/notification-mutes\.json could not be read .*every notification is on/);
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });
});
