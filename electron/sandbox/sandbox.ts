import {
  type SandboxScenario,
  type SandboxScenarioResult,
  sandboxScenarioSchema,
} from '../../shared/ipc/sandbox';
import { type AwsJsonService, handleAwsJsonRequest } from './awsJsonProtocol';
import { EcsApiError } from './ecsApiError';
import { ecsOperations, ecsTargetPrefix } from './ecsOperations';
import { EcsSimulation } from './ecsSimulation';
import type { FleetSize } from './fleetSeed';
import type { KafkaScale } from './kafka/kafkaCatalogue';
import { KafkaBroker } from './kafka/kafkaBroker';
import type { RetentionLimits } from './kafka/partitionLog';
import { PlatformTraffic } from './kafka/platformTraffic';
import { createSandboxAutoscaling, type SandboxAutoscaling } from './autoscaling/autoScalingEndpoint';
import { createCloudWatchEndpoint } from './cloudwatch/cloudwatchEndpoint';
import { attachLoadBalancingEndpoint } from './loadBalancing/loadBalancingEndpoint';
import { attachLogsEndpoint, type LogsEndpointOptions } from './logs/logsEndpoint';
import { ManualClock, type SandboxClock, systemClock } from './sandboxClock';
import { type ControlResponse, startSandboxHttpServer } from './sandboxHttpServer';
import type { SandboxPace } from './sandboxPace';
import { runScenario } from './scenarios';

export { ManualClock, type SandboxClock } from './sandboxClock';
export { fastPace, type SandboxPace } from './sandboxPace';
export type { FleetSize } from './fleetSeed';
export type { KafkaScale } from './kafka/kafkaCatalogue';
export type { KafkaBroker } from './kafka/kafkaBroker';
export type { PlatformTraffic } from './kafka/platformTraffic';

export interface SandboxKafkaOptions extends KafkaScale {
  /** Simulated producers and consumer groups on the production cluster; default true. */
  traffic?: boolean;
  /** How much of each partition the broker keeps (default the last 10,000 records, at most 1 MiB). */
  retention?: Partial<RetentionLimits>;
  /** Partitions of `__consumer_offsets`; default 50, as Kafka. */
  consumerOffsetsPartitions?: number;
}

export interface SandboxKafka {
  /** The broker on the Kafka protocol, with its log and group coordinator. */
  readonly broker: KafkaBroker;
  /** FlareNet's producers and consumer groups; null when started without traffic. */
  readonly traffic: PlatformTraffic | null;
}

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  ecsPort?: number;
  /** Port of the Kafka broker; default 0: any free port. */
  kafkaPort?: number;
  kafka?: SandboxKafkaOptions;
  /** The CloudWatch Logs endpoint, served on the ECS endpoint's port (live tail availability, pace, quota). */
  logs?: LogsEndpointOptions;
  /** Makes the fleet's history repeatable; default is taken from the clock. */
  seed?: number;
  /** Default the system clock, advanced by a timer. A ManualClock moves only with `advance`. */
  clock?: SandboxClock;
  /** Overrides of the lively default pace (see sandboxPace.ts; `fastPace` suits tests on the real clock). */
  pace?: Partial<SandboxPace>;
  /** Background task replacements on healthy services; default true. */
  lively?: boolean;
  /** Default the demo's 2 clusters × 9 services; either size alone keeps the other's default. */
  fleet?: Partial<FleetSize>;
  /**
   * When given, a control (`/_sandbox/…` other than health) needs `Authorization: Bearer` with
   * it: a console's own sandbox answers only those who hold the console host's token.
   */
  controlToken?: string;
}

export interface Sandbox {
  /** Base URL of the ECS endpoint, e.g. http://127.0.0.1:4580; the controls live under /_sandbox/. */
  readonly ecsEndpoint: string;
  /** The Kafka broker's address for bootstrap servers, e.g. 127.0.0.1:19092. */
  readonly kafkaBootstrap: string;
  readonly kafka: SandboxKafka;
  readonly simulation: EcsSimulation;
  /** Application Auto Scaling and the load on each service it acts on. */
  readonly autoscaling: SandboxAutoscaling;
  readonly seed: number;
  /** ECS calls answered since the start, by operation ("DescribeServices"); for tests and the bench. */
  ecsCallCounts(): ReadonlyMap<string, number>;
  /** CloudWatch calls answered since the start, by operation ("GetMetricData"); for tests and the bench. */
  cloudWatchCallCounts(): ReadonlyMap<string, number>;
  runScenario(scenario: SandboxScenario): Promise<SandboxScenarioResult>;
  /** The ECS clusters the fleet has now, by name. */
  clusterNames(): string[];
  /**
   * Calls `listener` each time a scale scenario replaced the fleet, whoever asked for it (the
   * console's Sandbox menu, or a command line through the control endpoint).
   */
  onFleetRebuilt(listener: () => void): () => void;
  /** Moves a ManualClock forward in steps of the pace's tick, stepping the simulation and the Kafka traffic at each. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts the simulated FlareNet fleet with its ECS endpoint (AWS JSON 1.1 over HTTP) and
 * its Kafka broker (the Kafka protocol over TCP), whose traffic follows the fleet: the
 * production cluster's services produce and consume; staging has no Kafka traffic.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? clock.now() % 2 ** 31;
  const simulation = new EcsSimulation({
    clock,
    seed,
    pace: options.pace,
    lively: options.lively,
    fleet: options.fleet,
  });

  const ecsCalls = new Map<string, number>();
  const ecs: AwsJsonService = {
    targetPrefix: ecsTargetPrefix,
    has: (operation) => ecsOperations.has(operation),
    invoke: (operation, input) => {
      ecsCalls.set(operation, (ecsCalls.get(operation) ?? 0) + 1);
      if (simulation.isThrottled()) throw new EcsApiError('ThrottlingException', 'Rate exceeded');
      // Answers reflect the clock's time, not the last timer tick.
      simulation.tick();
      return ecsOperations.get(operation)!(simulation, input);
    },
  };
  const host = options.host ?? '127.0.0.1';
  const broker = await KafkaBroker.start({
    host,
    port: options.kafkaPort ?? 0,
    now: () => clock.now(),
    retention: options.kafka?.retention,
    consumerOffsetsPartitions: options.kafka?.consumerOffsetsPartitions,
  });
  const traffic =
    options.kafka?.traffic === false
      ? null
      : new PlatformTraffic({
          log: broker.log,
          coordinator: broker.coordinator,
          simulation,
          seed,
          pace: simulation.pace,
          scale: options.kafka,
        });
  const autoscaling = createSandboxAutoscaling(simulation, seed);
  const rebuildListeners = new Set<() => void>();
  const run = (scenario: SandboxScenario): SandboxScenarioResult => {
    const result = runScenario(simulation, scenario, traffic, autoscaling);
    if (scenario.kind === 'scale') for (const listener of [...rebuildListeners]) stepSafely(listener);
    return result;
  };
  const cloudWatch = createCloudWatchEndpoint({ simulation, seed });
  let server;
  try {
    const handlers = attachLogsEndpoint(
      {
        awsJson: (target, body) => handleAwsJsonRequest(ecs, target, body),
        control: (method, path, body) => Promise.resolve(handleControl(run, method, path, body)),
        ...(options.controlToken ? { controlToken: options.controlToken } : {}),
      },
      { simulation, seed, options: options.logs },
    );
    // Every other AWS service shares the endpoint too: each attach adds its own calls.
    server = await startSandboxHttpServer(
      host,
      options.ecsPort ?? 0,
      attachLoadBalancingEndpoint(autoscaling.attach(cloudWatch.attach(handlers)), simulation),
    );
  } catch (error) {
    await broker.close();
    throw error;
  }
  const step = (): void => {
    simulation.tick();
    autoscaling.step(clock.now());
    cloudWatch.evaluateAlarms();
    if (traffic) traffic.step(clock.now());
    else broker.tick();
  };
  step();

  const timer =
    clock instanceof ManualClock ? null : setInterval(() => stepSafely(step), simulation.pace.tickMs);
  timer?.unref();

  return {
    ecsEndpoint: server.url,
    kafkaBootstrap: broker.bootstrap,
    kafka: { broker, traffic },
    simulation,
    autoscaling,
    seed,
    ecsCallCounts: () => new Map(ecsCalls),
    cloudWatchCallCounts: () => cloudWatch.callCounts(),
    runScenario: (scenario) => Promise.resolve().then(() => run(scenario)),
    clusterNames: () => simulation.listClusters().map((cluster) => cluster.name),
    onFleetRebuilt: (listener) => {
      rebuildListeners.add(listener);
      return () => rebuildListeners.delete(listener);
    },
    advance: (ms) => {
      if (!(clock instanceof ManualClock))
        throw new Error('Sandbox.advance needs the sandbox to run on a ManualClock');
      let remaining = ms;
      while (remaining > 0) {
        const stepMs = Math.min(simulation.pace.tickMs, remaining);
        clock.advance(stepMs);
        step();
        remaining -= stepMs;
      }
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await Promise.all([server.close(), broker.close()]);
    },
  };
}

function handleControl(
  run: (scenario: SandboxScenario) => SandboxScenarioResult,
  method: string,
  path: string,
  body: string,
): ControlResponse | null {
  if (path === '/_sandbox/health' && method === 'GET') return { status: 200, body: { ok: true } };
  if (path === '/_sandbox/scenario' && method === 'POST') {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return { status: 400, body: { error: 'The scenario must be a JSON object.' } };
    }
    const parsed = sandboxScenarioSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || 'scenario'}: ${issue.message}`,
      );
      return { status: 400, body: { error: `Invalid scenario (${problems.join('; ')}).` } };
    }
    try {
      return { status: 200, body: run(parsed.data) };
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }
  return null;
}

/**
 * A failing step (or a listener to a rebuild) is reported and the timer keeps going, so one
 * bad state cannot stop the fleet.
 */
function stepSafely(step: () => void): void {
  try {
    step();
  } catch (error) {
    process.emitWarning(
      error instanceof Error ? error : new Error(String(error)),
      'SandboxSimulationWarning',
    );
  }
}
