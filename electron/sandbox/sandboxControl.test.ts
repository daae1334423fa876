import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEcsPort, defaultKafkaPort, parseSandboxCommandLine, UsageError } from './sandboxCommandLine';
import { startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';

let harness: TestSandbox;

beforeAll(async () => {
  harness = await startTestSandbox();
});

afterAll(async () => {
  await harness.close();
});

async function postScenario(body: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${harness.sandbox.ecsEndpoint}/_sandbox/scenario`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, json: await response.json() };
}

describe('scenario endpoint', () => {
  it('refuses what a web page could send: a form post without JSON, or any request from a page', async () => {
    const scenario = JSON.stringify({ kind: 'throttle', seconds: 60 });
    const asForm = await fetch(`${harness.sandbox.ecsEndpoint}/_sandbox/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: scenario,
    });
    expect(asForm.status).toBe(415);
    expect(((await asForm.json()) as { error: string }).error).toMatch(/application\/json/);
    const fromPage = await fetch(`${harness.sandbox.ecsEndpoint}/_sandbox/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: scenario,
    });
    expect(fromPage.status).toBe(403);
    // Neither throttled the sandbox.
    const ecs = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: 'flarenet-staging', services: ['catalog-service'] }),
    );
    expect(ecs.services).toHaveLength(1);
  });

  it("asks for the console host's token when it is a console's own sandbox, but not for its health", async () => {
    const owned = await startTestSandbox({ controlToken: 'the-host-token' });
    try {
      const post = (authorization?: string) =>
        fetch(`${owned.sandbox.ecsEndpoint}/_sandbox/scenario`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(authorization ? { authorization } : {}),
          },
          body: JSON.stringify({ kind: 'throttle', seconds: 1 }),
        });
      const without = await post();
      expect(without.status).toBe(401);
      expect(((await without.json()) as { error: string }).error).toMatch(/console host's token/);
      expect((await post('Bearer a-guess')).status).toBe(401);
      expect((await post('Bearer the-host-token')).status).toBe(200);
      expect((await fetch(`${owned.sandbox.ecsEndpoint}/_sandbox/health`)).status).toBe(200);
    } finally {
      await owned.close();
    }
  });

  it('answers health checks', async () => {
    const response = await fetch(`${harness.sandbox.ecsEndpoint}/_sandbox/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('runs a good deploy posted as JSON, which the ECS API then shows', async () => {
    const { status, json } = await postScenario(
      JSON.stringify({ kind: 'good-deploy', cluster: 'flarenet-staging', service: 'catalog-service' }),
    );
    expect(status).toBe(200);
    const result = json as { summary: string; taskDefinitionArn: string };
    expect(result.summary).toMatch(/^Deploying catalog-service:\d+/);
    const service = (
      await harness.ecs.send(
        new DescribeServicesCommand({ cluster: 'flarenet-staging', services: ['catalog-service'] }),
      )
    ).services![0]!;
    expect(service.taskDefinition).toBe(result.taskDefinitionArn);
    expect(service.deployments![0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' });
  });

  it('answers 400 with an error for bad JSON, an invalid scenario and an unknown service', async () => {
    const malformed = await postScenario('{"kind": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ error: expect.stringMatching(/JSON/) as unknown });

    const invalid = await postScenario(JSON.stringify({ kind: 'throttle', seconds: 0 }));
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({
      error: expect.stringMatching(/^Invalid scenario \(seconds: /) as unknown,
    });

    const unknownKind = await postScenario(JSON.stringify({ kind: 'meteor-strike' }));
    expect(unknownKind.status).toBe(400);

    const unknownService = await postScenario(
      JSON.stringify({ kind: 'bad-deploy', cluster: 'flarenet-production', service: 'billing-service' }),
    );
    expect(unknownService.status).toBe(400);
    expect(unknownService.json).toEqual({
      error: expect.stringMatching(/^Unknown service "billing-service" in flarenet-production/) as unknown,
    });
  });

  it('answers 404 for paths it does not serve', async () => {
    expect((await fetch(`${harness.sandbox.ecsEndpoint}/_sandbox/nothing`)).status).toBe(404);
    expect((await fetch(`${harness.sandbox.ecsEndpoint}/somewhere`)).status).toBe(404);
  });
});

describe('command line', () => {
  it('runs the sandbox on the fixed default port unless told otherwise', () => {
    expect(parseSandboxCommandLine([])).toEqual({
      kind: 'serve',
      host: '127.0.0.1',
      ecsPort: defaultEcsPort,
      kafkaPort: defaultKafkaPort,
      seed: undefined,
      lively: true,
      scale: {},
    });
    expect(defaultKafkaPort).not.toBe(9092);
    expect(
      parseSandboxCommandLine(['--ecs-port', '0', '--kafka-port', '0', '--seed', '9', '--calm']),
    ).toEqual({
      kind: 'serve',
      host: '127.0.0.1',
      ecsPort: 0,
      kafkaPort: 0,
      seed: 9,
      lively: false,
      scale: {},
    });
    expect(parseSandboxCommandLine(['-h'])).toEqual({ kind: 'help' });
  });

  it('builds scenarios, defaulting the cluster to production and the endpoint to the default port', () => {
    expect(parseSandboxCommandLine(['scenario', 'bad-deploy', 'payment-service'])).toEqual({
      kind: 'scenario',
      endpoint: `http://127.0.0.1:${defaultEcsPort}`,
      scenario: { kind: 'bad-deploy', cluster: 'flarenet-production', service: 'payment-service' },
    });
    expect(
      parseSandboxCommandLine([
        'scenario',
        'scale',
        '--clusters',
        '3',
        '--services',
        '40',
        '--endpoint',
        'http://127.0.0.1:9000/',
      ]),
    ).toEqual({
      kind: 'scenario',
      endpoint: 'http://127.0.0.1:9000',
      scenario: { kind: 'scale', clusters: 3, servicesPerCluster: 40 },
    });
    expect(
      parseSandboxCommandLine([
        'scenario',
        'bad-deploy',
        'payment-service',
        '--cluster',
        'flarenet-production',
        '--circuit-breaker',
        'off',
      ]),
    ).toMatchObject({
      kind: 'scenario',
      scenario: {
        kind: 'bad-deploy',
        cluster: 'flarenet-production',
        service: 'payment-service',
        circuitBreaker: 'off',
      },
    });
    expect(
      parseSandboxCommandLine(['scenario', 'consumer', 'payment-service', '--behaviour', 'stall']),
    ).toEqual({
      kind: 'scenario',
      endpoint: `http://127.0.0.1:${defaultEcsPort}`,
      scenario: { kind: 'consumer', group: 'payment-service', behaviour: 'stall' },
    });
  });

  it.each([
    [['--bogus'], /bogus/],
    [['--ecs-port', 'eighty'], /--ecs-port must be a whole number/],
    [['--cluster', 'x'], /--cluster cannot be used when running the sandbox/],
    [['deploy'], /Unknown command "deploy"/],
    [['scenario'], /Name a scenario/],
    [['scenario', 'bad-deploy'], /needs the service/],
    [['scenario', 'throttle'], /--seconds is required/],
    [['scenario', 'throttle', '--seconds', '0'], /Invalid scenario: --seconds/],
    [
      ['scenario', 'throttle', '--seconds', '5', '--cluster', 'x'],
      /--cluster cannot be used with scenario throttle/,
    ],
    [['scenario', 'good-deploy', 'a', '--endpoint', 'localhost:4580'], /--endpoint must be an http/],
    [['--kafka-port', '4580', '--ecs-port', '4580'], /cannot both be 4580/],
    [['scenario', 'bad-deploy', 'a', '--circuit-breaker', 'maybe'], /Invalid scenario: --circuit-breaker/],
    [
      ['scenario', 'good-deploy', 'a', '--circuit-breaker', 'off'],
      /--circuit-breaker cannot be used with scenario good-deploy/,
    ],
    [['scenario', 'consumer', 'payment-service'], /--behaviour is required/],
    [['scenario', 'consumer', '--behaviour', 'stall'], /needs the consumer group/],
    [['scenario', 'consumer', 'payment-service', '--behaviour', 'sleep'], /Invalid scenario: --behaviour/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseSandboxCommandLine(argv)).toThrow(UsageError);
    expect(() => parseSandboxCommandLine(argv)).toThrow(message);
  });

  it('drives a running sandbox from `npm run sandbox -- scenario`, and fails clearly when none is listening', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          'npx',
          ['tsx', 'electron/sandbox/sandboxCli.ts', ...args],
          { cwd: process.cwd(), timeout: 20_000 },
          (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
          },
        );
      });
    const closedPort = await portNobodyListensOn();
    const [deployed, unreachable, stalled] = await Promise.all([
      run([
        'scenario',
        'bad-deploy',
        'notification-service',
        '--cluster',
        'flarenet-production',
        '--endpoint',
        harness.sandbox.ecsEndpoint,
      ]),
      run(['scenario', 'throttle', '--seconds', '5', '--endpoint', `http://127.0.0.1:${closedPort}`]),
      run([
        'scenario',
        'consumer',
        'analytics-service',
        '--behaviour',
        'stall',
        '--endpoint',
        harness.sandbox.ecsEndpoint,
      ]),
    ]);
    expect(stalled.stdout).toMatch(/^Consumer group analytics-service stalls/);
    expect(harness.sandbox.kafka.traffic?.behaviourOf('analytics-service')).toBe('stall');
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toMatch(
      /^Deploying notification-service:\d+ \(v[\d.]+, an image whose tasks fail their health checks\)/,
    );
    expect(deployed.stdout).toMatch(
      /Task definition: arn:aws:ecs:us-east-1:000000000000:task-definition\/notification-service:\d+/,
    );
    const service = (
      await harness.ecs.send(
        new DescribeServicesCommand({ cluster: 'flarenet-production', services: ['notification-service'] }),
      )
    ).services![0]!;
    expect(service.deployments).toHaveLength(2);

    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(
      `No sandbox answered at http://127.0.0.1:${closedPort} (ECONNREFUSED). Start one with "npm run sandbox".`,
    );
  });
});

/** A port that was free a moment ago: connecting to it is refused. */
async function portNobodyListensOn(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
