import { describe, expect, it } from 'vitest';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { serviceSummary } from '../../../shared/testing/topologyTestData';
import { ServicePoller } from './servicePoller';

/** Which services the timeline's watchers ask about, and when: the troubled often, the rest seldom. */

function fleet(): ServiceSummary[] {
  return [
    serviceSummary('payment-service', {}, { health: 'degraded' }),
    serviceSummary('order-service', {}, { health: 'deploying' }),
    serviceSummary('user-service'),
    serviceSummary('auth-service', {}, { health: 'stale' }),
  ];
}

function poller(sweepIntervalMs: number | null, fail = false) {
  let now = 0;
  const asked: string[] = [];
  const errors: string[] = [];
  const services = fleet();
  const instance = new ServicePoller({
    services: () => services,
    ask: (service) => {
      asked.push(service.serviceName);
      return fail ? Promise.reject(new Error('throttled')) : Promise.resolve();
    },
    troubledIntervalMs: 10_000,
    sweepIntervalMs,
    now: () => now,
    setTimer: () => null,
    onError: (service, error) => errors.push(`${service.serviceName}: ${(error as Error).message}`),
  });
  return {
    instance,
    asked,
    errors,
    at: (ms: number) => {
      now = ms;
      asked.length = 0;
    },
  };
}

describe('ServicePoller', () => {
  it('asks about every service first, then the troubled ones each interval and the others each sweep', async () => {
    const p = poller(60_000);
    await p.instance.check();
    expect(p.asked.sort()).toEqual(['auth-service', 'order-service', 'payment-service', 'user-service']);
    p.at(5_000);
    await p.instance.check();
    expect(p.asked).toEqual([]);
    p.at(10_000);
    await p.instance.check();
    expect(p.asked.sort()).toEqual(['order-service', 'payment-service']);
    p.at(60_000);
    await p.instance.check();
    expect(p.asked.sort()).toEqual(['auth-service', 'order-service', 'payment-service', 'user-service']);
  });

  it('never asks about healthy services without a sweep, and carries on past failures', async () => {
    const p = poller(null, true);
    await p.instance.check();
    expect(p.asked.sort()).toEqual(['order-service', 'payment-service']);
    expect(p.errors.sort()).toEqual(['order-service: throttled', 'payment-service: throttled']);
    p.instance.stop();
    p.at(20_000);
    await p.instance.check();
    expect(p.asked).toEqual([]);
  });
});
