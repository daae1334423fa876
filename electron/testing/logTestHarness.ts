import type { LogLine, LogTailEvent, LogTailStatus } from '../../shared/logs/logModel';
import { sandboxConsoleConfig } from '../core/config/consoleConfig';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import type { IpcError } from '../../shared/ipc/result';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/sandbox';
import { ManualClock } from '../sandbox/sandboxClock';
import { LogService, type LogServiceOptions, type TailRequest } from '../core/logs/logService';

/**
 * A LogService reading a sandbox over HTTP on a manual clock that also moves by itself a
 * second every few milliseconds, so tails see new lines without the tests sleeping for real.
 */

export interface LogHarness {
  sandbox: Sandbox;
  clock: ManualClock;
  logs: LogService;
  /** Moves the sandbox's clock on its own (a second every 20 ms) until the harness closes. */
  run(): void;
  /** Stops the clock moving by itself. */
  hold(): void;
  tail(request: TailRequest): RecordedTail;
  close(): Promise<void>;
}

export interface RecordedTail {
  events: LogTailEvent[];
  lines(): LogLine[];
  statuses(): LogTailStatus[];
  ended: IpcError | undefined | null;
  stop(): void;
  /** Resolves when `check` holds for the events so far; fails after a few seconds. */
  until(check: (tail: RecordedTail) => boolean, what: string): Promise<void>;
}

export async function startLogHarness(
  options: { sandbox?: SandboxOptions; service?: Partial<LogServiceOptions> } = {},
): Promise<LogHarness> {
  const clock = new ManualClock();
  const sandbox = await startSandbox({
    seed: 42,
    lively: false,
    clock,
    logs: { liveTailUpdateMs: 25 },
    ...options.sandbox,
  });
  const ecsClients = new EcsClientFactory({ maxAttempts: 1 });
  const logs = new LogService({
    environments: sandboxConsoleConfig(sandbox.ecsEndpoint).environments,
    ecsClients,
    now: () => clock.now(),
    tail: { batchIntervalMs: 20, pollIntervalMs: 40, ...options.service?.tail },
    ...options.service,
  });
  let ticker: ReturnType<typeof setInterval> | null = null;
  const hold = () => {
    if (ticker) clearInterval(ticker);
    ticker = null;
  };
  return {
    sandbox,
    clock,
    logs,
    run: () => {
      ticker ??= setInterval(() => sandbox.advance(1000), 20);
    },
    hold,
    tail: (request) => {
      const recorded: RecordedTail = {
        events: [],
        lines: () => recorded.events.flatMap((event) => (event.type === 'lines' ? event.lines : [])),
        statuses: () => recorded.events.filter((event): event is LogTailStatus => event.type === 'status'),
        ended: null,
        stop: () => handle.stop(),
        until: async (check, what) => {
          const deadline = Date.now() + 8000;
          while (!check(recorded)) {
            if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
        },
      };
      const handle = logs.openTail(
        request,
        (event) => recorded.events.push(event),
        (error) => (recorded.ended = error),
      );
      return recorded;
    },
    close: async () => {
      hold();
      logs.close();
      ecsClients.destroyAll();
      await sandbox.close();
    },
  };
}

export function taskIdsOf(sandbox: Sandbox, cluster: string, service: string): Set<string> {
  return new Set(
    sandbox.simulation
      .findCluster(cluster)!
      .services.get(service)!
      .tasks.map((task) => task.id),
  );
}
