import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionPlanSchema, type AuditEntry } from '../../shared/actions/actionModel';
import { normaliseEndpoint } from '../../shared/actions/auditWhere';
import { auditList } from '../../shared/ipc/audit';
import { ConsoleClient } from '../../shared/ipc/client';
import { createActionServices, type ActionServices } from '../core/actions/actionServices';
import { AuditLog, auditLogPath } from '../core/audit/auditLog';
import { sandboxConsoleConfig } from '../core/config/consoleConfig';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { IpcRouter } from '../core/ipc/router';
import { AuditLogFollower } from '../core/timeline/auditChanges';
import { fastPace } from '../sandbox/sandbox';
import { systemClock } from '../sandbox/sandboxClock';
import { runCommandForTest } from '../testing/actionCommandTestRun';
import {
  describeOne,
  disableCircuitBreaker,
  primaryDeployment,
  waitForService,
} from '../testing/actionTestFleet';
import { createMemoryTransport } from '../testing/memoryTransport';
import { startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';
import { rollbackCommand } from './rollbackCommand';

/**
 * Two stand-alone sandboxes, started alike so their fleets have the same ARNs, and one data
 * folder: what the command line did on one never shows in a console on the other, never
 * changes a plan there, and is settled only by a process acting on the fleet it ran on.
 */

const production = 'flarenet-production';
const service = 'payment-service';
let a: TestSandbox;
let b: TestSandbox;
let dataDir: string;
const opened: Array<{ services: ActionServices; clients: EcsClientFactory }> = [];

beforeAll(async () => {
  [a, b] = await Promise.all([
    startTestSandbox({ clock: systemClock, pace: fastPace }),
    startTestSandbox({ clock: systemClock, pace: fastPace }),
  ]);
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-two-sandboxes-'));
});

afterAll(async () => {
  for (const { services, clients } of opened) {
    await services.close();
    clients.destroyAll();
  }
  await Promise.all([a?.close(), b?.close()]);
  await rm(dataDir, { recursive: true, force: true });
});

const rollbackOn = (sandbox: TestSandbox, ...args: string[]) =>
  runCommandForTest(
    rollbackCommand,
    [service, '--cluster', production, ...args, '--ecs-endpoint', sandbox.sandbox.ecsEndpoint],
    { FLARENET_DATA_DIR: dataDir },
  );

/** A console whose config names the sandbox's endpoint, as a config file would. */
function consoleOn(sandbox: TestSandbox): ActionServices {
  const clients = new EcsClientFactory();
  const services = createActionServices({
    config: sandboxConsoleConfig(sandbox.sandbox.ecsEndpoint),
    clients,
    dataDir,
    log: () => {},
    readOnlyReason: null,
    pollIntervalMs: 50,
    rolloutTimeoutMs: 20_000,
  });
  opened.push({ services, clients });
  return services;
}

function auditView(services: ActionServices): ConsoleClient {
  const router = new IpcRouter();
  services.register(router);
  return new ConsoleClient(createMemoryTransport(router).transport);
}

async function timelineActionIds(services: ActionServices): Promise<Set<string>> {
  const follower = new AuditLogFollower(services.auditLog, {
    scope: services.auditScope,
    setTimer: () => null,
  });
  const seen = new Set<string>();
  follower.subscribe((entry: AuditEntry) => seen.add(entry.actionId));
  await follower.look();
  follower.close();
  return seen;
}

describe('actions on two sandboxes that share a data folder', () => {
  let cliActionId = '';

  it('records where a command acted: the endpoint, the account and region, the cluster ARN', async () => {
    const run = await rollbackOn(a, '--yes', '--confirm', service);
    expect(run.code).toBe(0);
    expect(primaryDeployment(await describeOne(a.ecs, production, service)).taskDefinition).toMatch(
      /payment-service:2$/,
    );
    const entries = (await new AuditLog(auditLogPath(dataDir)).read()).records.map((record) => record.entry);
    expect(entries.map((entry) => [entry.type, entry.outcome])).toEqual([
      ['start', null],
      ['end', 'succeeded'],
    ]);
    cliActionId = entries[0]!.actionId;
    for (const entry of entries)
      expect(entry.where).toEqual({
        source: 'endpoint',
        account: '000000000000',
        region: 'us-east-1',
        clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production',
        endpoint: normaliseEndpoint(a.sandbox.ecsEndpoint),
      });
  });

  it('plans a rollback on the other sandbox from its own history: back to the healthy revision', async () => {
    const healthy = primaryDeployment(await describeOne(b.ecs, production, service)).taskDefinition!;
    expect(healthy).toMatch(/payment-service:3$/);
    await disableCircuitBreaker(b.ecs, production, service);
    const bad = await b.sandbox.runScenario({ kind: 'bad-deploy', cluster: production, service });
    await waitForService(b.ecs, production, service, (s) => (primaryDeployment(s).failedTasks ?? 0) >= 2);

    const fromCommandLine = await rollbackOn(b, '--json');
    expect(fromCommandLine.code).toBe(0);
    const plan = actionPlanSchema.parse(JSON.parse(fromCommandLine.stdout));
    expect(plan.current.arn).toBe(bad.taskDefinitionArn);
    expect(plan.target.arn).toBe(healthy);
    expect(plan.warnings.join('\n')).not.toMatch(/rolled back from|later failed/);
    expect(plan.unfinishedActions).toEqual([]);

    const fromConsole = await consoleOn(b).planRollback({ cluster: production, service });
    expect(fromConsole.target.arn).toBe(healthy);
    expect(fromConsole.warnings.join('\n')).not.toMatch(/rolled back from|later failed/);
  });

  it('shows the command’s entries in a console on the fleet it acted on, and on the other only among other sources', async () => {
    const onB = consoleOn(b);
    const here = await auditView(onB).request(auditList, {});
    expect(here.records).toEqual([]);
    const elsewhere = await auditView(onB).request(auditList, { source: 'other' });
    expect(elsewhere.records.map((record) => [record.entry.actionId, record.entry.type])).toEqual([
      [cliActionId, 'end'],
      [cliActionId, 'start'],
    ]);
    expect(await timelineActionIds(onB)).toEqual(new Set());

    const onA = consoleOn(a);
    const ownFleet = await auditView(onA).request(auditList, {});
    expect(ownFleet.records.map((record) => record.entry.actionId)).toEqual([cliActionId, cliActionId]);
    expect((await auditView(onA).request(auditList, { source: 'other' })).records).toEqual([]);
    expect(await timelineActionIds(onA)).toEqual(new Set([cliActionId]));
  });

  it('reconciles a command’s unfinished action by its cluster ARN, from a console with an ordinary config, and only there', async () => {
    const log = new AuditLog(auditLogPath(dataDir));
    const start = (await log.read()).records.find(
      (record) => record.entry.actionId === cliActionId && record.entry.type === 'start',
    )!.entry;
    // As the command leaves it when it is killed after ECS accepted the rollback.
    await log.append({ ...start, id: 'interrupted-start', actionId: 'interrupted' });

    const onB = consoleOn(b);
    const leftAlone = await onB.reconciliation;
    expect(leftAlone.settled).toEqual([]);
    expect(leftAlone.otherSources).toBe(1);

    const onA = consoleOn(a);
    const settled = await onA.reconciliation;
    expect(settled.settled.map(({ actionId, outcome }) => ({ actionId, outcome }))).toEqual([
      { actionId: 'interrupted', outcome: 'succeeded' },
    ]);
    expect(settled.settled[0]?.message).toMatch(
      /^The console stopped during the action; at restart payment-service:2 was PRIMARY with 3\/3 running/,
    );
    const entry = (await log.read()).records.at(-1)?.entry;
    expect(entry).toMatchObject({ actionId: 'interrupted', type: 'reconciliation', where: start.where });
  });
});
