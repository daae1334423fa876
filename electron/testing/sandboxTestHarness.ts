import { ECSClient } from '@aws-sdk/client-ecs';
import { type Sandbox, type SandboxOptions, startSandbox } from '../sandbox/sandbox';
import { ManualClock, type SandboxClock } from '../sandbox/sandboxClock';

/**
 * The simulator as tests outside the sandbox reach it: the core's integration tests import
 * the sandbox through this test kit, never directly, so production core code cannot.
 */
export { startSandbox, ManualClock, type Sandbox, type SandboxOptions } from '../sandbox/sandbox';

export interface TestSandbox {
  sandbox: Sandbox;
  clock: SandboxClock;
  /** The real ECS SDK client, pointed at the sandbox as the console points it. */
  ecs: ECSClient;
  close(): Promise<void>;
}

/** A sandbox on a manual clock unless given another, calm and seeded, on a free port of 127.0.0.1. */
export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const clock = options.clock ?? new ManualClock();
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    ecsPort: 0,
    seed: 42,
    lively: false,
    ...options,
    clock,
  });
  const ecs = new ECSClient({
    endpoint: sandbox.ecsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });
  return {
    sandbox,
    clock,
    ecs,
    close: async () => {
      ecs.destroy();
      await sandbox.close();
    },
  };
}

/**
 * A test sandbox whose production gateway got a broken release with the circuit breaker off
 * three simulated minutes before the real time, where its manual clock then stands: its 5XX
 * alarm is in ALARM for a command that reads CloudWatch up to its own clock.
 */
export async function startTestSandboxAfterBadGatewayDeploy(): Promise<TestSandbox> {
  const minute = 60_000;
  const harness = await startTestSandbox({ clock: new ManualClock(Date.now() - 8 * minute) });
  harness.sandbox.advance(5 * minute);
  await harness.sandbox.runScenario({
    kind: 'bad-deploy',
    cluster: 'flarenet-production',
    service: 'api-gateway',
    circuitBreaker: 'off',
  });
  harness.sandbox.advance(Date.now() - harness.clock.now());
  return harness;
}

export interface KafkaTestSandbox {
  sandbox: Sandbox;
  clock: ManualClock;
}

/**
 * A sandbox on a manual clock for the Kafka tests, seeded, its broker on a free port: the
 * offsets stand still while the console reads them, so the broker's own figures are the
 * truth to compare. `trafficMs` of traffic are run first, in steps of two seconds, so the
 * groups have committed and have some lag.
 */
export async function startKafkaTestSandbox(
  options: { seed?: number; trafficMs?: number } = {},
): Promise<KafkaTestSandbox> {
  const clock = new ManualClock();
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    ecsPort: 0,
    kafkaPort: 0,
    seed: options.seed ?? 7,
    lively: false,
    clock,
  });
  for (let ran = 0; ran < (options.trafficMs ?? 0); ran += 2000) sandbox.advance(2000);
  return { sandbox, clock };
}

/** Raw AWS JSON 1.1 call, for what the SDK would never send. */
export async function postEcs(
  endpoint: string,
  target: string | null,
  body: string,
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target !== null) headers['x-amz-target'] = target;
  const response = await fetch(endpoint, { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, json: await response.json() };
}
