import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionProgress } from '../../../shared/actions/actionModel';
import {
  actionsExecute,
  actionsPlanRollback,
  actionsPolicy,
  actionsProgress,
} from '../../../shared/ipc/actions';
import { ConsoleClient } from '../../../shared/ipc/client';
import type { IpcError } from '../../../shared/ipc/result';
import { readOnlyPolicy } from '../app/readOnlyPolicy';
import { createMemoryTransport } from '../../testing/memoryTransport';
import { IpcRouter } from '../ipc/router';
import type { ActionServices } from './actionServices';
import {
  isSettledOn,
  startActionTestFleet,
  waitForService,
  type ActionTestFleet,
} from '../../testing/actionTestFleet';

/** The guards around execution, driven over the contract as the renderer drives it. */

const staging = 'flarenet-staging';
const production = 'flarenet-production';
let fleet: ActionTestFleet;
const transports: Array<{ close(): void }> = [];

beforeAll(async () => {
  fleet = await startActionTestFleet();
});

afterAll(async () => {
  for (const transport of transports) transport.close();
  await fleet.close();
});

function clientFor(services: ActionServices, readOnlyReason: string | null = null): ConsoleClient {
  const router = new IpcRouter({ actionPolicy: readOnlyPolicy(readOnlyReason) });
  services.register(router);
  const memory = createMemoryTransport(router);
  transports.push(memory);
  return new ConsoleClient(memory.transport);
}

async function plan(client: ConsoleClient, cluster: string, service: string) {
  const result = await client.invoke(actionsPlanRollback, { cluster, service });
  if (!result.ok) throw new Error(`Planning failed: ${result.error.message}`);
  return result.value;
}

function follow(
  client: ConsoleClient,
  actionId: string,
): Promise<{ events: ActionProgress[]; error: IpcError | undefined }> {
  return new Promise((resolve) => {
    const events: ActionProgress[] = [];
    client.subscribe(
      actionsProgress,
      { actionId },
      (event) => events.push(event),
      (error) => resolve({ events, error }),
    );
  });
}

describe('executing a plan', () => {
  it('refuses a second action on a service another action holds, naming the holder', async () => {
    const client = clientFor(fleet.services);
    const first = await plan(client, staging, 'auth-service');
    const second = await plan(client, staging, 'auth-service');
    const started = await client.invoke(actionsExecute, { planId: first.id, confirmation: '' });
    if (!started.ok) throw new Error(started.error.message);
    const { actionId } = started.value;

    const refused = await client.invoke(actionsExecute, { planId: second.id, confirmation: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (refused.ok) return;
    expect(refused.error.message).toMatch(
      /auth-service in flarenet-staging is held by another action: a rollback/,
    );
    expect(refused.error.message).toContain(actionId);
    expect(refused.error.message).toContain('by sandbox');

    const policy = await client.request(actionsPolicy, {});
    expect(policy.locks).toEqual([
      expect.objectContaining({ actionId, service: 'auth-service', cluster: staging }),
    ]);
    const meanwhile = await plan(client, staging, 'auth-service');
    expect(meanwhile.blockedReason).toMatch(/^held by a rollback/);

    const { events, error } = await follow(client, actionId);
    expect(error).toBeUndefined();
    expect(events.at(-1)?.phase).toBe('succeeded');
    expect((await client.request(actionsPolicy, {})).locks).toEqual([]);
  });

  it('streams progress to the end, and a late subscriber gets the final state first', async () => {
    const client = clientFor(fleet.services);
    const rollback = await plan(client, staging, 'analytics-service');
    const started = await client.request(actionsExecute, { planId: rollback.id, confirmation: '' });
    const live = await follow(client, started.actionId);
    const phases = live.events.map((event) => event.phase);
    expect(phases[0]).toMatch(/^(planned|started|in-progress)$/);
    expect(phases).toContain('in-progress');
    expect(phases.at(-1)).toBe('succeeded');
    expect(live.events.at(-1)?.elapsedMs).toBeGreaterThan(0);
    expect(
      live.events
        .flatMap((event) => event.newEvents)
        .some((event) => /has started \d+ tasks/.test(event.message)),
    ).toBe(true);

    const late = await follow(client, started.actionId);
    expect(late.error).toBeUndefined();
    expect(late.events).toHaveLength(1);
    expect(late.events[0]?.phase).toBe('succeeded');
    expect(late.events[0]?.newEvents.length).toBe(live.events.flatMap((event) => event.newEvents).length);

    const unknown = await follow(client, 'no-such-action');
    expect(unknown.error?.code).toBe('NOT_FOUND');
  });

  it('refuses a production action whose confirmation is not the service name', async () => {
    const client = clientFor(fleet.services);
    const service = 'notification-service';
    const rollback = await plan(client, production, service);
    expect(rollback.requiresTypedConfirmation).toBe(true);
    for (const confirmation of ['', 'notification', 'Notification-Service', ' notification-service']) {
      const refused = await client.invoke(actionsExecute, { planId: rollback.id, confirmation });
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    const started = await client.request(actionsExecute, { planId: rollback.id, confirmation: service });
    expect((await follow(client, started.actionId)).events.at(-1)?.phase).toBe('succeeded');
  });

  it('refuses a plan whose service changed since, an expired plan and a plan already run', async () => {
    let now = Date.now();
    const services = fleet.restart({ now: () => now, planTtlMs: 60_000, reconcile: false });
    const client = clientFor(services);
    const service = 'inventory-service';
    const stale = await plan(client, staging, service);
    const deployed = await fleet.testSandbox.sandbox.runScenario({
      kind: 'good-deploy',
      cluster: staging,
      service,
    });
    const changed = await client.invoke(actionsExecute, { planId: stale.id, confirmation: '' });
    expect(changed).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!changed.ok)
      expect(changed.error.message).toMatch(
        /changed since the plan was made: it now runs inventory-service:\d+/,
      );
    await waitForService(fleet.ecs, staging, service, isSettledOn(deployed.taskDefinitionArn));

    const expiring = await plan(client, staging, service);
    now += 60_001;
    expect(await client.invoke(actionsExecute, { planId: expiring.id, confirmation: '' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/expired/) as unknown },
    });

    const once = await plan(client, staging, service);
    const started = await client.request(actionsExecute, { planId: once.id, confirmation: '' });
    expect(await client.invoke(actionsExecute, { planId: once.id, confirmation: '' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await services.finished(started.actionId);
  });

  it('refuses actions on an environment the config marks read-only, and says so in the policy', async () => {
    const services = fleet.restart({
      config: {
        ...fleet.config,
        environments: fleet.config.environments.map((environment) =>
          environment.name === 'production' ? { ...environment, readOnly: true } : environment,
        ),
      },
      reconcile: false,
    });
    const client = clientFor(services);
    const rollback = await plan(client, production, 'api-gateway');
    expect(rollback.blockedReason).toBe('the production environment is read-only in the console config');
    const refused = await client.invoke(actionsExecute, { planId: rollback.id, confirmation: 'api-gateway' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });

    const policy = await client.request(actionsPolicy, {});
    expect(policy.readOnly).toBe(false);
    // The sandbox has no operations log: its locks are this console's own, and the policy says so.
    const localOnly =
      'Locks are local to this console only: no Kafka cluster of this environment has an operations log configured.';
    expect(policy.environments).toEqual([
      {
        name: 'staging',
        clusters: [staging],
        readOnly: false,
        reason: null,
        production: false,
        lockScope: localOnly,
      },
      {
        name: 'production',
        clusters: [production],
        readOnly: true,
        reason: 'the production environment is read-only in the console config',
        production: true,
        lockScope: localOnly,
      },
    ]);
    const started = (await services.auditLog.read()).records.filter(
      (record) => record.entry.service === 'api-gateway',
    );
    expect(started).toEqual([]);
  });

  it('refuses every execution on a read-only console in the router, while planning still works', async () => {
    const reason = 'this console host is read-only; start it with --allow-actions to run actions';
    const services = fleet.restart({ readOnlyReason: reason, reconcile: false });
    const client = clientFor(services, reason);
    const rollback = await plan(client, staging, 'api-gateway');
    expect(rollback.blockedReason).toBe(reason);
    expect(await client.invoke(actionsExecute, { planId: rollback.id, confirmation: '' })).toEqual({
      ok: false,
      error: { code: 'READ_ONLY', message: `actions.execute refused: ${reason}` },
    });
    const policy = await client.request(actionsPolicy, {});
    expect(policy).toMatchObject({ readOnly: true, readOnlyReason: reason });
    expect(
      policy.environments.every((environment) => environment.readOnly && environment.reason === reason),
    ).toBe(true);
    // The executor refuses too, for callers that do not come through the router (the CLI).
    await expect(services.execute({ planId: rollback.id, confirmation: '' })).rejects.toMatchObject({
      code: 'READ_ONLY',
    });
  });
});
