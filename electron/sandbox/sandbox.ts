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
import { ManualClock, type SandboxClock, systemClock } from './sandboxClock';
import { type ControlResponse, startSandboxHttpServer } from './sandboxHttpServer';
import type { SandboxPace } from './sandboxPace';
import { runScenario } from './scenarios';

export { ManualClock, type SandboxClock } from './sandboxClock';
export { fastPace, livelyPace, type SandboxPace } from './sandboxPace';
export type { FleetSize } from './fleetSeed';
export type { HealthyTaskCount } from './ecsSimulation';

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  ecsPort?: number;
  /** Makes the fleet's history repeatable; default is taken from the clock. */
  seed?: number;
  /** Default the system clock, advanced by a timer. A ManualClock moves only with `advance`. */
  clock?: SandboxClock;
  /** Overrides of the lively default pace (see sandboxPace.ts; `fastPace` suits tests on the real clock). */
  pace?: Partial<SandboxPace>;
  /** Background task replacements on healthy services; default true. */
  lively?: boolean;
  fleet?: FleetSize;
}

export interface Sandbox {
  /** Base URL of the ECS endpoint, e.g. http://127.0.0.1:4580; the controls live under /_sandbox/. */
  readonly ecsEndpoint: string;
  readonly simulation: EcsSimulation;
  readonly seed: number;
  runScenario(scenario: SandboxScenario): Promise<SandboxScenarioResult>;
  /** Moves a ManualClock forward in steps of the pace's tick, stepping the simulation at each. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Starts the simulated FlareNet fleet and its ECS endpoint (AWS JSON 1.1 over HTTP). */
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

  const ecs: AwsJsonService = {
    targetPrefix: ecsTargetPrefix,
    has: (operation) => ecsOperations.has(operation),
    invoke: (operation, input) => {
      if (simulation.isThrottled()) throw new EcsApiError('ThrottlingException', 'Rate exceeded');
      // Answers reflect the clock's time, not the last timer tick.
      simulation.tick();
      return ecsOperations.get(operation)!(simulation, input);
    },
  };
  const server = await startSandboxHttpServer(options.host ?? '127.0.0.1', options.ecsPort ?? 0, {
    awsJson: (target, body) => handleAwsJsonRequest(ecs, target, body),
    control: (method, path, body) => Promise.resolve(handleControl(simulation, method, path, body)),
  });

  const timer =
    clock instanceof ManualClock ? null : setInterval(() => tickSafely(simulation), simulation.pace.tickMs);
  timer?.unref();

  return {
    ecsEndpoint: server.url,
    simulation,
    seed,
    runScenario: (scenario) => Promise.resolve().then(() => runScenario(simulation, scenario)),
    advance: (ms) => {
      if (!(clock instanceof ManualClock))
        throw new Error('Sandbox.advance needs the sandbox to run on a ManualClock');
      let remaining = ms;
      while (remaining > 0) {
        const step = Math.min(simulation.pace.tickMs, remaining);
        clock.advance(step);
        simulation.tick();
        remaining -= step;
      }
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await server.close();
    },
  };
}

function handleControl(
  simulation: EcsSimulation,
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
      return { status: 200, body: runScenario(simulation, parsed.data) };
    } catch (error) {
      return { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
    }
  }
  return null;
}

/** A failing step is reported and the timer keeps going, so one bad state cannot stop the fleet. */
function tickSafely(simulation: EcsSimulation): void {
  try {
    simulation.tick();
  } catch (error) {
    process.emitWarning(
      error instanceof Error ? error : new Error(String(error)),
      'SandboxSimulationWarning',
    );
  }
}
