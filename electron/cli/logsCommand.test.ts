import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/sandbox';
import { runCliProcess, spawnCliProcess } from '../testing/cliTestProcess';

/** `cli logs` as a person runs it: a separate process, reading a sandbox's ECS and Logs endpoint over HTTP. */

const linePattern =
  /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) UTC {2}([0-9a-f]{8}) {2}(ERROR|WARN |INFO |DEBUG|TRACE| {5}) {2}(.+)$/;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7, lively: false });
  // Under way while the first commands run; the --filter test reads its errors.
  await sandbox.runScenario({
    kind: 'bad-deploy',
    cluster: 'flarenet-production',
    service: 'payment-service',
  });
});

afterAll(async () => {
  await sandbox.close();
});

const productionTasks = (service: string) =>
  sandbox.simulation
    .findCluster('flarenet-production')!
    .services.get(service)!
    .tasks.map((task) => task.id);

describe('cli logs', () => {
  it('prints the service’s recent lines with time, task and level, for this cluster’s tasks only', async () => {
    const run = await runCliProcess([
      'logs',
      'order-service',
      '--cluster',
      'flarenet-production',
      '--since',
      '2m',
      '--ecs-endpoint',
      sandbox.ecsEndpoint,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(20);
    const tasks = productionTasks('order-service').map((id) => id.slice(0, 8));
    const times: number[] = [];
    for (const line of lines) {
      const match = linePattern.exec(line);
      expect(match, line).not.toBeNull();
      expect(tasks).toContain(match![2]);
      times.push(Date.parse(`${match![1]!.replace(' ', 'T')}Z`));
    }
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(Date.now() - 3 * 60_000);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('passes --filter to CloudWatch: a bad deploy’s errors, and nothing else', async () => {
    const payment = sandbox.simulation.findCluster('flarenet-production')!.services.get('payment-service')!;
    const deadline = Date.now() + 20_000;
    while (!payment.tasks.some((task) => task.verdict === 'failed') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const run = await runCliProcess([
      'logs',
      'payment-service',
      '--cluster',
      'flarenet-production',
      '--filter',
      '{ $.level = "ERROR" }',
      '--since',
      '1m',
      '--ecs-endpoint',
      sandbox.ecsEndpoint,
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    for (const line of lines) expect(linePattern.exec(line)?.[3]).toBe('ERROR');
    expect(run.stdout).toContain('connection refused to payments-db');
  });

  it('keeps following with --follow until interrupted, then exits cleanly', async () => {
    const child = spawnCliProcess([
      'logs',
      'api-gateway',
      '--cluster',
      'flarenet-staging',
      '--follow',
      '--since',
      '5s',
      '--ecs-endpoint',
      sandbox.ecsEndpoint,
    ]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (stdout.split('\n').length < 6 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stderr).toMatch(
      /Following \/ecs\/flarenet\/api-gateway \(us-east-1\) with CloudWatch Logs live tail/,
    );
    const seenBeforeStop = stdout.split('\n').filter((line) => line !== '');
    expect(seenBeforeStop.length).toBeGreaterThanOrEqual(5);
    for (const line of seenBeforeStop) expect(line).toMatch(linePattern);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('fails with one clear line for a service the cluster does not run, and explains its flags', async () => {
    const [missing, help, noService] = await Promise.all([
      runCliProcess([
        'logs',
        'nope-service',
        '--cluster',
        'flarenet-production',
        '--ecs-endpoint',
        sandbox.ecsEndpoint,
      ]),
      runCliProcess(['logs', '--help']),
      runCliProcess(['logs', '--ecs-endpoint', sandbox.ecsEndpoint]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('Error: No service nope-service in cluster flarenet-production.\n');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--filter <pattern>');
    expect(noService.code).toBe(2);
    expect(noService.stderr.split('\n')[0]).toBe('Name the service, e.g. flarenet logs payment-service.');
  });
});
