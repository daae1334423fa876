import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInterface } from 'node:readline';
import { actionPlanSchema, actionProgressSchema } from '../../shared/actions/actionModel';
import {
  describeOne,
  disableCircuitBreaker,
  isSettledOn,
  primaryDeployment,
  waitForService,
} from '../testing/actionTestFleet';
import { spawnKillableCliProcess } from '../testing/cliTestProcess';
import { AuditLog, auditLogPath } from '../core/audit/auditLog';
import { sandboxConsoleConfig } from '../core/config/consoleConfig';
import { freePort } from '../testing/freePort';
import { fastPace } from '../sandbox/sandbox';
import { systemClock } from '../sandbox/sandboxClock';
import { startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';
import { runCommandForTest } from '../testing/actionCommandTestRun';
import { rollbackCommand } from './rollbackCommand';

/** `cli rollback` against a sandbox over HTTP, writing its audit log to a data folder of its own. */

const production = 'flarenet-production';
const staging = 'flarenet-staging';
let sandbox: TestSandbox;
let dataDir: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ clock: systemClock, pace: fastPace });
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-cli-rollback-'));
});

afterAll(async () => {
  await sandbox.close();
  await rm(dataDir, { recursive: true, force: true });
});

const rollback = (...args: string[]) =>
  runCommandForTest(rollbackCommand, [...args, '--ecs-endpoint', sandbox.sandbox.ecsEndpoint], {
    FLARENET_DATA_DIR: dataDir,
  });

async function auditFor(service: string) {
  const { records } = await new AuditLog(auditLogPath(dataDir)).read();
  return records.map((record) => record.entry).filter((entry) => entry.service === service);
}

describe('cli rollback', () => {
  it('prints the plan and changes nothing without --yes', async () => {
    const before = primaryDeployment(
      await describeOne(sandbox.ecs, production, 'payment-service'),
    ).taskDefinition;
    const run = await rollback('payment-service', '--cluster', production);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Rollback plan for payment-service (endpoint / flarenet-production)');
    expect(run.stdout).toMatch(/^ {2}current {2}payment-service:3 {2}\(v1\.2\.3\)$/m);
    expect(run.stdout).toMatch(/^ {2}target {3}payment-service:2 {2}\(v1\.2\.2\)$/m);
    expect(run.stdout).toMatch(
      /^ {2}image {2}payment-service {2}image\n {4}- \S+:v1\.2\.3\n {4}\+ \S+:v1\.2\.2$/m,
    );
    expect(run.stdout).toMatch(/^ {2}payment-service:1 {4}v1\.2\.1 {2}ACTIVE {2}unknown$/m);
    expect(run.stdout).toContain(
      'To run it: flarenet rollback payment-service --cluster flarenet-production --yes --confirm payment-service',
    );
    const json = await rollback('payment-service', '--cluster', production, '--json');
    expect(json.code).toBe(0);
    const plan = actionPlanSchema.parse(JSON.parse(json.stdout));
    expect(plan).toMatchObject({
      kind: 'rollback',
      requiresTypedConfirmation: true,
      method: { kind: 'update-service' },
    });
    expect(
      primaryDeployment(await describeOne(sandbox.ecs, production, 'payment-service')).taskDefinition,
    ).toBe(before);
    expect(await auditFor('payment-service')).toEqual([]);
  });

  it('refuses to execute in production without the service name typed again', async () => {
    const missing = await rollback('payment-service', '--cluster', production, '--yes');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'payment-service runs in endpoint: add --confirm payment-service to execute.',
    );
    const wrong = await rollback('payment-service', '--cluster', production, '--yes', '--confirm', 'payment');
    expect(wrong.code).toBe(2);
    expect(await auditFor('payment-service')).toEqual([]);
  });

  it('executes with --yes --confirm, follows the rollout to the end and records it', async () => {
    const run = await rollback(
      'payment-service',
      '--cluster',
      production,
      '--yes',
      '--confirm',
      'payment-service',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Running \(action [0-9a-f-]+; written to .*audit-log\.jsonl\)/);
    expect(run.stdout).toMatch(/in-progress +PRIMARY payment-service:2: \d\/3 running/);
    expect(run.stdout).toMatch(
      /✓ succeeded +payment-service:2 is PRIMARY with 3\/3 running and its rollout COMPLETED\.$/m,
    );
    const after = await describeOne(sandbox.ecs, production, 'payment-service');
    expect(primaryDeployment(after).taskDefinition).toMatch(/payment-service:2$/);
    expect((await auditFor('payment-service')).map((entry) => [entry.type, entry.outcome])).toEqual([
      ['start', null],
      ['end', 'succeeded'],
    ]);
  });

  it('prints JSON lines with --json --yes, needs no typed name in staging, and exits 1 on a timeout', async () => {
    const run = await rollback('order-service', '--cluster', staging, '--yes', '--json', '--timeout', '0.2');
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; plan?: unknown; progress?: unknown });
    expect(lines[0]?.type).toBe('plan');
    expect(actionPlanSchema.parse(lines[0]?.plan).requiresTypedConfirmation).toBe(false);
    const last = actionProgressSchema.parse(lines.at(-1)?.progress);
    expect(last.phase).toBe('timed-out');
    expect(last.message).toMatch(/^Not finished after 200 ms/);
    await waitForService(
      sandbox.ecs,
      staging,
      'order-service',
      isSettledOn(last.deployments.find((d) => d.isTarget)?.taskDefinitionArn),
    );
  });

  it('settles a rollback an earlier run left unfinished before it plans, and names it first in the plan', async () => {
    const service = 'inventory-service';
    const healthy = primaryDeployment(await describeOne(sandbox.ecs, production, service)).taskDefinition!;
    await disableCircuitBreaker(sandbox.ecs, production, service);
    const bad = await sandbox.sandbox.runScenario({ kind: 'bad-deploy', cluster: production, service });
    await waitForService(
      sandbox.ecs,
      production,
      service,
      (s) => (primaryDeployment(s).failedTasks ?? 0) >= 2,
    );

    // Killed as soon as ECS accepted the rollback: the log has its start and nothing after.
    const child = spawnKillableCliProcess(
      [
        'rollback',
        service,
        '--cluster',
        production,
        '--yes',
        '--confirm',
        service,
        '--ecs-endpoint',
        sandbox.sandbox.ecsEndpoint,
      ],
      { FLARENET_DATA_DIR: dataDir },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const actionId = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const running = /^Running \(action ([0-9a-f-]+);/.exec(line);
        if (running) resolve(running[1]!);
      });
      child.once('exit', (code) => reject(new Error(`The command exited (${code}) before it ran.`)));
    });
    child.kill('SIGKILL');
    await exited;
    expect((await auditFor(service)).map((entry) => [entry.actionId, entry.type])).toEqual([
      [actionId, 'start'],
    ]);
    await waitForService(sandbox.ecs, production, service, isSettledOn(healthy));

    const run = await rollback(service, '--cluster', production);
    expect(run.code).toBe(0);
    const healthyLabel = healthy.slice(healthy.lastIndexOf('/') + 1);
    const badLabel = bad.taskDefinitionArn!.slice(bad.taskDefinitionArn!.lastIndexOf('/') + 1);
    const notice = new RegExp(
      `^Rollback plan for ${service} \\(endpoint / ${production}\\)\\n\\nUnfinished earlier actions\\n {2}! An earlier rollback of ${service} \\(${badLabel} → ${healthyLabel}, started \\S+ \\S+ UTC by sandbox\\) did not finish in the process that started it\\. Reconciled with ECS at \\S+ \\S+ UTC as succeeded: .*ECS now shows ${healthyLabel} PRIMARY \\(rollout COMPLETED, 3/3 running\\)\\.\\n\\n {2}current {2}${healthyLabel} `,
    );
    expect(run.stdout).toMatch(notice);
    expect((await auditFor(service)).map((entry) => [entry.actionId, entry.type, entry.outcome])).toEqual([
      [actionId, 'start', null],
      [actionId, 'reconciliation', 'succeeded'],
    ]);

    const json = await rollback(service, '--cluster', production, '--json');
    const plan = actionPlanSchema.parse(JSON.parse(json.stdout));
    expect(plan.unfinishedActions).toEqual([
      expect.objectContaining({
        actionId,
        kind: 'rollback',
        from: badLabel,
        to: healthyLabel,
        outcome: 'succeeded',
      }),
    ]);
  });

  it('explains bad flags and unknown services', async () => {
    const noCluster = await rollback('payment-service');
    expect(noCluster).toMatchObject({ code: 2, stderr: '--cluster is required.\n' });
    const badRevision = await rollback('payment-service', '--cluster', production, '--revision', 'latest');
    expect(badRevision.code).toBe(2);
    const unknown = await rollback('billing-service', '--cluster', production);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Error: .*billing-service/);
  });

  it('refuses in production when the team operations log cannot be reached, and acts with --without-team-lock', async () => {
    const service = 'catalog-service';
    const deadPort = await freePort();
    const configFile = join(dataDir, 'team-config.json');
    await writeFile(
      configFile,
      JSON.stringify({
        ...sandboxConsoleConfig(sandbox.sandbox.ecsEndpoint),
        kafka: [
          {
            name: 'team-kafka',
            environment: 'production',
            brokers: [`127.0.0.1:${deadPort}`],
            operationsLog: {},
          },
        ],
      }),
    );
    const run = (...flags: string[]) =>
      runCommandForTest(
        rollbackCommand,
        [service, '--cluster', production, '--yes', '--confirm', service, '--config', configFile, ...flags],
        { FLARENET_DATA_DIR: dataDir },
      );
    const refused = await run();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^Error: Refused on production: the operations log flarenet-console\.operations of the Kafka cluster team-kafka \(127\.0\.0\.1:\d+\) cannot be reached to take the team lock on catalog-service: .*--without-team-lock/m,
    );
    expect(await auditFor(service)).toEqual([]);

    const acted = await run('--without-team-lock');
    expect(acted.code).toBe(0);
    const start = (await auditFor(service)).find((entry) => entry.type === 'start');
    expect(start?.message).toMatch(
      /Without the team lock, as asked: the operations log .* cannot be reached/,
    );
  });
});
