import { appendFile, readFile } from 'node:fs/promises';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditWhere } from '../../../shared/actions/actionModel';
import { normaliseEndpoint } from '../../../shared/actions/auditWhere';
import {
  describeOne,
  disableCircuitBreaker,
  isSettledOn,
  primaryDeployment,
  startActionTestFleet,
  waitForService,
  type ActionTestFleet,
} from '../../testing/actionTestFleet';
import { AuditLog, auditLogPath } from './auditLog';
import { testEntry } from '../../testing/auditTestEntries';

/** Actions the log never saw end, settled at start against what the sandbox shows. */

const production = 'flarenet-production';
const staging = 'flarenet-staging';
let fleet: ActionTestFleet;
let log: AuditLog;

beforeAll(async () => {
  fleet = await startActionTestFleet({ reconcile: false });
  log = new AuditLog(auditLogPath(fleet.dataDir));
});

afterAll(async () => {
  await fleet.close();
});

function revisionBefore(arn: string): string {
  const [prefix, revision] = [
    arn.slice(0, arn.lastIndexOf(':')),
    Number(arn.slice(arn.lastIndexOf(':') + 1)),
  ];
  return `${prefix}:${revision - 1}`;
}

/** Where the fleet's console acts: the sandbox's endpoint, with the sandbox's account in its cluster ARNs. */
function whereIn(cluster: string): AuditWhere {
  return {
    source: 'endpoint',
    account: '000000000000',
    region: 'us-east-1',
    clusterArn: `arn:aws:ecs:us-east-1:000000000000:cluster/${cluster}`,
    endpoint: normaliseEndpoint(fleet.testSandbox.sandbox.ecsEndpoint),
  };
}

function start(
  actionId: string,
  cluster: string,
  service: string,
  from: string,
  to: string | null,
): AuditEntry {
  return testEntry({
    actionId,
    id: `${actionId}-start`,
    at: Date.now(),
    actor: { identity: 'sandbox', account: null, source: 'sandbox', detail: null },
    where: whereIn(cluster),
    // The name a command gives its environment; reconciliation goes by the cluster ARN, not by this.
    environment: 'endpoint',
    cluster,
    service,
    from: { label: from.slice(from.lastIndexOf('/') + 1), arn: from },
    to:
      to === null
        ? { label: `${service}:(new)`, arn: null }
        : { label: to.slice(to.lastIndexOf('/') + 1), arn: to },
  });
}

async function reconcile(overrides: Parameters<ActionTestFleet['restart']>[0] = {}) {
  const logged: string[] = [];
  const services = fleet.restart({ log: (line) => logged.push(line), reconcile: true, ...overrides });
  const report = await services.reconciliation;
  await report.watches;
  const entries = (await log.read()).records.map((record) => record.entry);
  return { report, entries, logged, services };
}

describe('reconciliation at start', () => {
  it('settles each dangling action from what ECS shows, appending and never rewriting', async () => {
    // Succeeded: the change went through and completed while the console was down.
    const users = primaryDeployment(await describeOne(fleet.ecs, production, 'user-service')).taskDefinition!;
    const usersTarget = revisionBefore(users);
    await log.append(start('done', production, 'user-service', users, usersTarget));
    await fleet.ecs.send(
      new UpdateServiceCommand({ cluster: production, service: 'user-service', taskDefinition: usersTarget }),
    );
    await waitForService(fleet.ecs, production, 'user-service', isSettledOn(usersTarget));

    // Not started: the console stopped between its audit entry and its first call.
    const gateway = primaryDeployment(
      await describeOne(fleet.ecs, production, 'api-gateway'),
    ).taskDefinition!;
    await log.append(start('never', production, 'api-gateway', gateway, revisionBefore(gateway)));

    // Failed: the target's rollout failed and the circuit breaker went back.
    const payments = primaryDeployment(
      await describeOne(fleet.ecs, production, 'payment-service'),
    ).taskDefinition!;
    const bad = await fleet.testSandbox.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service: 'payment-service',
    });
    await log.append({
      ...start('broke', production, 'payment-service', payments, bad.taskDefinitionArn!),
      at: Date.now() - 1000,
    });
    await waitForService(fleet.ecs, production, 'payment-service', isSettledOn(payments));

    // A promotion stopped before it registered anything.
    const catalog = primaryDeployment(
      await describeOne(fleet.ecs, production, 'catalog-service'),
    ).taskDefinition!;
    await log.append({
      ...start('unregistered', production, 'catalog-service', catalog, null),
      kind: 'promotion',
    });

    // A scenario on an in-process sandbox that died with the console.
    await log.append(
      testEntry({
        actionId: 'scenario',
        kind: 'sandbox-scenario',
        where: { ...whereIn(production), clusterArn: null },
        environment: 'sandbox',
        cluster: production,
        service: 'order-service',
        from: null,
        to: null,
      }),
    );

    // Another fleet's action, and one written before entries said where they acted: left alone.
    await log.append({
      ...start('elsewhere', production, 'order-service', gateway, gateway),
      where: { ...whereIn(production), endpoint: 'http://127.0.0.1:1' },
    });
    await log.append({ ...start('unplaced', production, 'order-service', gateway, gateway), where: null });

    // Already ended: left alone.
    await log.append(start('ended', production, 'order-service', gateway, gateway));
    await log.append(testEntry({ actionId: 'ended', type: 'end', outcome: 'succeeded' }));
    await appendFile(auditLogPath(fleet.dataDir), '{"v":1,"id":"torn-');
    const before = await readFile(auditLogPath(fleet.dataDir), 'utf8');

    const { report, entries, logged } = await reconcile();
    const outcomes = Object.fromEntries(report.settled.map((settled) => [settled.actionId, settled.outcome]));
    expect(outcomes).toEqual({
      done: 'succeeded',
      never: 'not-started',
      broke: 'failed',
      unregistered: 'not-started',
      scenario: 'unknown',
    });
    expect(report.watching).toEqual([]);
    expect(report.deferred).toEqual([]);
    expect(report.otherSources).toBe(2);
    const reconciled = entries.filter((entry) => entry.type === 'reconciliation');
    expect(reconciled.map((entry) => entry.actionId).sort()).toEqual([
      'broke',
      'done',
      'never',
      'scenario',
      'unregistered',
    ]);
    expect(reconciled.find((entry) => entry.actionId === 'done')).toMatchObject({
      service: 'user-service',
      from: { arn: users },
      to: { arn: usersTarget },
      outcome: 'succeeded',
      message: expect.stringMatching(
        /^The console stopped during the action; at restart user-service:\d+ was PRIMARY with 3\/3 running/,
      ) as unknown,
    });
    expect(reconciled.find((entry) => entry.actionId === 'broke')?.message).toMatch(/FAILED|back on/);
    const after = await readFile(auditLogPath(fleet.dataDir), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(logged.some((line) => /cut short/.test(line))).toBe(true);

    // A second start finds nothing left to settle.
    const again = await reconcile();
    expect(again.report.settled).toEqual([]);
  });

  it('watches a rollout still under way at start, holding the service, and records how the watch ended', async () => {
    const service = 'notification-service';
    const current = primaryDeployment(await describeOne(fleet.ecs, staging, service)).taskDefinition!;
    await disableCircuitBreaker(fleet.ecs, staging, service);
    const bad = await fleet.testSandbox.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: staging,
      service,
    });
    await log.append(start('underway', staging, service, current, bad.taskDefinitionArn!));

    const services = fleet.restart({ rolloutTimeoutMs: 400, reconcile: true });
    const report = await services.reconciliation;
    expect(report.watching).toEqual(['underway']);
    expect(services.policy().locks).toEqual([
      expect.objectContaining({ actionId: 'underway', kind: 'reconciliation', service, cluster: staging }),
    ]);
    const progress = await services.finished('underway');
    expect(progress.phase).toBe('timed-out');
    await report.watches;
    const entry = (await log.read()).records.find(
      (record) => record.entry.actionId === 'underway' && record.entry.type === 'reconciliation',
    )?.entry;
    expect(entry?.outcome).toBe('timed-out');
    expect(entry?.message).toMatch(
      /after the restart it watched the rollout for .*: Not finished after 400 ms/,
    );
    expect(services.policy().locks).toEqual([]);
  });
});
