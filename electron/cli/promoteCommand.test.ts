import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionPlanSchema } from '../../shared/actions/actionModel';
import { describeOne, primaryDeployment } from '../testing/actionTestFleet';
import { AuditLog, auditLogPath } from '../core/audit/auditLog';
import { fastPace } from '../sandbox/sandbox';
import { systemClock } from '../sandbox/sandboxClock';
import { startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';
import { runCommandForTest } from '../testing/actionCommandTestRun';
import { promoteCommand } from './promoteCommand';

/** `cli promote` against a sandbox over HTTP. */

let sandbox: TestSandbox;
let dataDir: string;

beforeAll(async () => {
  sandbox = await startTestSandbox({ clock: systemClock, pace: fastPace });
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-cli-promote-'));
});

afterAll(async () => {
  await sandbox.close();
  await rm(dataDir, { recursive: true, force: true });
});

const promote = (...args: string[]) =>
  runCommandForTest(promoteCommand, [...args, '--ecs-endpoint', sandbox.sandbox.ecsEndpoint], {
    FLARENET_DATA_DIR: dataDir,
  });

describe('cli promote', () => {
  it('prints the plan, then with --yes --confirm registers and deploys staging’s build to production', async () => {
    // Staging runs auth-service's newest release; production is one behind.
    const plan = await promote('auth-service', '--from', 'flarenet-staging', '--to', 'flarenet-production');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      'Promotion plan: auth-service (endpoint / flarenet-staging) → auth-service (endpoint / flarenet-production)',
    );
    expect(plan.stdout).toMatch(/^ {2}current {2}auth-service:3 {2}\(v1\.8\.4\)$/m);
    expect(plan.stdout).toMatch(/^ {2}source {3}auth-service:4 {2}\(v1\.8\.5\)$/m);
    expect(plan.stdout).toMatch(/^ {2}target {3}auth-service:\(new\) {2}\(sha256:[0-9a-f]{12}\)$/m);
    expect(plan.stdout).toMatch(
      /^ {2}image {2}auth-service {2}image\n {4}- \S+\/auth-service:v1\.8\.4\n {4}\+ \S+\/auth-service@sha256:[0-9a-f]{64}$/m,
    );

    const json = await promote(
      'auth-service',
      '--from',
      'flarenet-staging',
      '--to',
      'flarenet-production',
      '--json',
    );
    const parsed = actionPlanSchema.parse(JSON.parse(json.stdout));
    if (parsed.kind !== 'promotion') throw new Error('Expected a promotion plan.');
    const image = parsed.target.images[0]!.image;

    const run = await promote(
      'auth-service',
      '--from',
      'flarenet-staging',
      '--to',
      'flarenet-production',
      '--yes',
      '--confirm',
      'auth-service',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /✓ succeeded +auth-service:5 is PRIMARY with 3\/3 running and its rollout COMPLETED\.$/m,
    );
    const production = await describeOne(sandbox.ecs, 'flarenet-production', 'auth-service');
    const arn = primaryDeployment(production).taskDefinition!;
    expect(arn).toMatch(/auth-service:5$/);
    const described = await sandbox.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
    expect(described.taskDefinition?.containerDefinitions?.[0]?.image).toBe(image);
    const { records } = await new AuditLog(auditLogPath(dataDir)).read();
    expect(records.map((record) => [record.entry.kind, record.entry.type, record.entry.outcome])).toEqual([
      ['promotion', 'start', null],
      ['promotion', 'step', null],
      ['promotion', 'end', 'succeeded'],
    ]);
  });

  it('needs both clusters', async () => {
    const run = await promote('auth-service', '--from', 'flarenet-staging');
    expect(run).toMatchObject({ code: 2, stderr: '--to is required.\n' });
  });
});
