import { readFileSync } from 'node:fs';
import { ListServiceDeploymentsCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseEndpoint } from '../../../shared/actions/auditWhere';
import { testEntry } from '../../testing/auditTestEntries';
import { parseAuditLog, auditLogPath } from '../audit/auditLog';
import { FleetMonitor } from '../fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../fleet/fleetTargets';
import {
  describeOne,
  disableCircuitBreaker,
  isSettledOn,
  primaryDeployment,
  startActionTestFleet,
  waitForService,
  type ActionTestFleet,
} from '../../testing/actionTestFleet';

/** Rollback against the sandbox through the real ECS SDK, from plan to the end of the watch. */

const production = 'flarenet-production';
let fleet: ActionTestFleet;

beforeAll(async () => {
  fleet = await startActionTestFleet();
});

afterAll(async () => {
  await fleet.close();
});

const mutatingCommands = new Set(['UpdateService', 'StopServiceDeployment', 'RegisterTaskDefinition']);

/**
 * Records each mutating call the console's client sends, with whether the audit log held the
 * action's start entry at that moment: the ordering the audit log promises.
 */
function recordMutations(client: ECSClient, logPath: string, service: string) {
  const calls: Array<{ command: string; startOnDisk: boolean }> = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context.commandName ?? '').replace(/Command$/, '');
      if (mutatingCommands.has(command)) {
        let text = '';
        try {
          text = readFileSync(logPath, 'utf8');
        } catch {
          text = '';
        }
        const startOnDisk = parseAuditLog(text).records.some(
          (record) => record.entry.type === 'start' && record.entry.service === service,
        );
        calls.push({ command, startOnDisk });
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: `auditOrder-${service}` },
  );
  return calls;
}

describe('rollback', () => {
  it('stops a bad deploy in progress with StopServiceDeployment and watches the service back to running = desired', async () => {
    const service = 'payment-service';
    const before = primaryDeployment(await describeOne(fleet.ecs, production, service));
    await disableCircuitBreaker(fleet.ecs, production, service);
    const bad = await fleet.testSandbox.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service,
    });
    await waitForService(fleet.ecs, production, service, (s) => (primaryDeployment(s).failedTasks ?? 0) >= 2);

    const plan = await fleet.services.planRollback({ cluster: production, service });
    expect(plan.kind).toBe('rollback');
    expect(plan.environment).toBe('production');
    expect(plan.current.arn).toBe(bad.taskDefinitionArn);
    expect(plan.target.arn).toBe(before.taskDefinition);
    expect(plan.deploymentInProgress).toBe(true);
    expect(plan.method.kind).toBe('stop-deployment');
    expect(plan.requiresTypedConfirmation).toBe(true);
    expect(plan.confirmationText).toBe(service);
    const imageRow = plan.diff.find((row) => row.section === 'image');
    expect(imageRow?.from).toBe(plan.current.images[0]?.image);
    expect(imageRow?.to).toBe(plan.target.images[0]?.image);
    expect(plan.alternatives.find((choice) => choice.isProposed)?.arn).toBe(before.taskDefinition);

    const client = fleet.clients.clientFor(fleet.config.environments[1]!.aws);
    const calls = recordMutations(client, auditLogPath(fleet.dataDir), service);
    const { actionId } = await fleet.services.execute({ planId: plan.id, confirmation: service });
    const final = await fleet.services.finished(actionId);

    expect(final.phase).toBe('succeeded');
    expect(calls).toEqual([{ command: 'StopServiceDeployment', startOnDisk: true }]);
    const primary = final.deployments.find((deployment) => deployment.status === 'PRIMARY');
    expect(primary?.isTarget).toBe(true);
    expect(primary?.runningCount).toBe(primary?.desiredCount);
    expect(primary?.rolloutState).toBe('COMPLETED');

    const after = await describeOne(fleet.ecs, production, service);
    expect(primaryDeployment(after).taskDefinition).toBe(before.taskDefinition);
    expect(after.runningCount).toBe(after.desiredCount);
    const records = await fleet.ecs.send(new ListServiceDeploymentsCommand({ cluster: production, service }));
    expect(records.serviceDeployments?.[0]?.status).toBe('ROLLBACK_SUCCESSFUL');

    const audit = (await fleet.services.auditLog.read()).records
      .map((record) => record.entry)
      .filter((entry) => entry.actionId === actionId);
    expect(audit.map((entry) => [entry.type, entry.outcome])).toEqual([
      ['start', null],
      ['end', 'succeeded'],
    ]);
    expect(audit[0]?.actor).toEqual({ identity: 'sandbox', account: null, source: 'sandbox', detail: null });
    expect(audit[0]?.plan?.method).toBe('stop-deployment');
    expect(audit[0]?.from?.arn).toBe(bad.taskDefinitionArn);
    expect(audit[0]?.to?.arn).toBe(before.taskDefinition);
  });

  it('after a circuit-breaker failure and a good deploy, rolls back with UpdateService past the revision it saw fail', async () => {
    const service = 'order-service';
    const monitor = new FleetMonitor({ targets: fleetTargetsFromConfig(fleet.config, fleet.clients) });
    const services = fleet.restart({ fleet: monitor, reconcile: false });
    const original = primaryDeployment(await describeOne(fleet.ecs, production, service)).taskDefinition;

    const bad = await fleet.testSandbox.sandbox.runScenario({
      kind: 'bad-deploy',
      cluster: production,
      service,
    });
    const sawFailure = () =>
      monitor
        .snapshot()
        .services.some(
          (s) =>
            s.serviceName === service &&
            s.deployments.some(
              (d) => d.taskDefinitionArn === bad.taskDefinitionArn && d.rolloutState === 'FAILED',
            ),
        );
    const deadline = Date.now() + 10_000;
    while (!sawFailure()) {
      if (Date.now() > deadline) throw new Error('The fleet monitor never saw the bad deploy fail.');
      await monitor.refresh();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await waitForService(fleet.ecs, production, service, isSettledOn(original));
    const good = await fleet.testSandbox.sandbox.runScenario({
      kind: 'good-deploy',
      cluster: production,
      service,
    });
    await waitForService(fleet.ecs, production, service, isSettledOn(good.taskDefinitionArn));
    await monitor.refresh();

    const plan = await services.planRollback({ cluster: production, service });
    expect(plan.current.arn).toBe(good.taskDefinitionArn);
    expect(plan.target.arn).toBe(original);
    expect(plan.method.kind).toBe('update-service');
    expect(plan.deploymentInProgress).toBe(false);
    const failed = plan.alternatives.find((choice) => choice.arn === bad.taskDefinitionArn);
    expect(failed).toMatchObject({ outcome: 'failed', isProposed: false });
    expect(failed?.outcomeDetail).toMatch(/FAILED/);

    const client = fleet.clients.clientFor(fleet.config.environments[1]!.aws);
    const calls = recordMutations(client, auditLogPath(fleet.dataDir), service);
    const { actionId } = await services.execute({ planId: plan.id, confirmation: service });
    const final = await services.finished(actionId);
    expect(final.phase).toBe('succeeded');
    expect(final.to).toBe(plan.target.label);
    expect(calls).toEqual([{ command: 'UpdateService', startOnDisk: true }]);
    const after = await describeOne(fleet.ecs, production, service);
    expect(primaryDeployment(after)).toMatchObject({ taskDefinition: original, rolloutState: 'COMPLETED' });
    expect(after.runningCount).toBe(after.desiredCount);
    monitor.stop();
  });

  it('ends timed-out, with the reason, when the rollout does not finish in time', async () => {
    const service = 'user-service';
    const services = fleet.restart({ rolloutTimeoutMs: 150, reconcile: false });
    const plan = await services.planRollback({ cluster: production, service });
    expect(plan.method.kind).toBe('update-service');
    const { actionId } = await services.execute({ planId: plan.id, confirmation: service });
    const final = await services.finished(actionId);
    expect(final.phase).toBe('timed-out');
    expect(final.message).toMatch(/^Not finished after 150 ms: PRIMARY user-service:\d+: \d\/3 running/);
    expect(final.error?.code).toBe('TIMEOUT');
    const end = (await services.auditLog.read()).records.find(
      (record) => record.entry.actionId === actionId && record.entry.type === 'end',
    );
    expect(end?.entry.outcome).toBe('timed-out');
    await waitForService(fleet.ecs, production, service, isSettledOn(plan.target.arn ?? ''));
  });

  it('settles an action another process left unfinished on the service before planning, and names it in the plan', async () => {
    const service = 'catalog-service';
    const current = primaryDeployment(await describeOne(fleet.ecs, production, service)).taskDefinition!;
    const previous = `${current.slice(0, current.lastIndexOf(':'))}:${Number(current.slice(current.lastIndexOf(':') + 1)) - 1}`;
    const label = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);
    // A command's start line, written after this console started; the command was killed before its first ECS call.
    await fleet.services.auditLog.append(
      testEntry({
        actionId: 'killed-command',
        at: Date.now(),
        actor: { identity: 'sandbox', account: null, source: 'sandbox', detail: null },
        where: {
          source: 'endpoint',
          account: '000000000000',
          region: 'us-east-1',
          clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/flarenet-production',
          endpoint: normaliseEndpoint(fleet.testSandbox.sandbox.ecsEndpoint),
        },
        environment: 'endpoint',
        service,
        from: { label: label(current), arn: current },
        to: { label: label(previous), arn: previous },
      }),
    );

    const plan = await fleet.services.planRollback({ cluster: production, service });
    expect(plan.unfinishedActions).toEqual([
      expect.objectContaining({ actionId: 'killed-command', outcome: 'not-started', by: 'sandbox' }),
    ]);
    expect(plan.unfinishedActions[0]?.notice).toMatch(
      new RegExp(
        `^An earlier rollback of catalog-service \\(${label(current)} → ${label(previous)}, started \\S+ \\S+ UTC by sandbox\\) did not finish in the process that started it\\. Reconciled with ECS at \\S+ \\S+ UTC as not-started: .* ECS now shows ${label(current)} PRIMARY \\(rollout COMPLETED, \\d/\\d running\\)\\.$`,
      ),
    );
    const settled = (await fleet.services.auditLog.read()).records
      .map((record) => record.entry)
      .filter((entry) => entry.actionId === 'killed-command');
    expect(settled.map((entry) => [entry.type, entry.outcome])).toEqual([
      ['start', null],
      ['reconciliation', 'not-started'],
    ]);
  });

  it('refuses a revision that does not exist, and an INACTIVE one, with clear messages', async () => {
    await expect(
      fleet.services.planRollback({ cluster: production, service: 'api-gateway', targetRevision: 99 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/api-gateway:99 does not exist/) as unknown,
    });
    // The sandbox retired api-gateway's oldest release.
    await expect(
      fleet.services.planRollback({ cluster: production, service: 'api-gateway', targetRevision: 1 }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/api-gateway:1 is INACTIVE/) as unknown,
    });
    const chosen = await fleet.services.planRollback({
      cluster: 'flarenet-staging',
      service: 'api-gateway',
      targetRevision: 2,
    });
    expect(chosen.target.label).toBe('api-gateway:2');
    expect(chosen.targetReason).toMatch(/was chosen/);
    expect(chosen.requiresTypedConfirmation).toBe(false);
  });
});
