/**
 * Detection against Burrow: one consumer group stalls among many, and the bench times how
 * long the console's lag monitor (its defaults: a 5 s refresh, Burrow's rules on the commit
 * log) and Burrow itself, reading the same broker, take to call the group ERR.
 */
import { burrowMissing, startBurrow, type RunningBurrow } from '../../electron/testing/burrowProcess';
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import { lagMonitorFor } from './consoleMonitors';
import { count, seconds } from './resultTable';
import { withSandbox } from './sandboxProcess';

/** The console's refresh: it may flag the group up to one refresh after Burrow. */
const refreshMs = 5000;
const goal = 'no later than Burrow + one refresh (5 s)';
const warmUpTimeoutMs = 240_000;
const detectionTimeoutMs = 300_000;
/** The window Burrow judges with, the console's default (shared/kafka/burrowEvaluator.ts): ten commits, half of them before judging. */
const burrowWindow = { intervals: 10, minimumDistanceMs: 0, minimumComplete: 0.5 };

const figureName = (groups: number) => `stalled consumer among ${count(groups)} groups, seconds to ERR`;

export function detectionExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  return options.detectionGroups.map((groups) => ({ figure: figureName(groups), goal }));
}

export async function benchDetection(options: BenchOptions, report: BenchReport): Promise<void> {
  const missing = burrowMissing();
  if (missing) {
    report.skip(detectionExpectedFigures(options), `Burrow cannot run here: ${missing}`);
    return;
  }
  for (const groups of options.detectionGroups) {
    try {
      await raceBurrow(groups, report);
    } catch (error) {
      report.skip(
        [{ figure: figureName(groups), goal }],
        error instanceof Error ? error.message.split('\n')[0]! : String(error),
      );
    }
  }
}

async function raceBurrow(groups: number, report: BenchReport): Promise<void> {
  await withSandbox({ seed: 1, lively: false, kafka: { groups } }, async (sandbox) => {
    const groupIds = await sandbox.groupIds();
    const stalling = groupIds.includes('payment-service') ? 'payment-service' : groupIds[0];
    if (!stalling) throw new Error('the sandbox has no consumer group');
    let burrow: RunningBurrow | null = null;
    const lag = lagMonitorFor(sandbox.endpoints);
    try {
      burrow = await startBurrow({
        bootstrap: sandbox.endpoints.kafkaBootstrap,
        window: burrowWindow,
        offsetRefreshSeconds: 1,
        clientId: 'burrow-bench',
      });
      lag.start();
      const consoleStatus = () =>
        lag.snapshot().groups.find((group) => group.groupId === stalling)?.burrowStatus;
      // Burrow must judge the group first: a full window of commits, and OK. The console is
      // given as long; if it has still not judged the group by then, that is part of the figure.
      const warming = performance.now();
      const running = burrow;
      await until(
        async () => (await running.groupStatus(stalling))?.status === 'OK',
        warmUpTimeoutMs,
        () => `Burrow did not judge ${stalling} OK within ${seconds(warmUpTimeoutMs)}`,
      );
      await until(
        () => Promise.resolve(consoleStatus() === 'OK'),
        Math.max(10_000, performance.now() - warming),
        () => '',
      ).catch(() => undefined);
      report.note(
        `${count(groups)} groups: Burrow judged ${stalling} OK after ${seconds(performance.now() - warming)}; the console's status then: ${consoleStatus() ?? 'not listed'}; ${burrow.describe}`,
      );

      await sandbox.runScenario({ kind: 'consumer', group: stalling, behaviour: 'stall' });
      const stalledAt = performance.now();
      let consoleErrAt: number | null = null;
      let burrowErrAt: number | null = null;
      await until(
        async () => {
          const now = performance.now();
          if (consoleErrAt === null && consoleStatus() === 'ERR') consoleErrAt = now;
          if (burrowErrAt === null && (await running.groupStatus(stalling))?.status === 'ERR')
            burrowErrAt = now;
          return consoleErrAt !== null && burrowErrAt !== null;
        },
        detectionTimeoutMs,
        () => 'unreachable',
      ).catch(() => undefined);
      const after = (at: number | null) =>
        at === null ? `not within ${seconds(detectionTimeoutMs)}` : seconds(at - stalledAt);
      report.add({
        figure: figureName(groups),
        measured: `console ${after(consoleErrAt)}, Burrow ${after(burrowErrAt)}`,
        goal,
        met:
          consoleErrAt === null
            ? false
            : burrowErrAt === null
              ? true
              : consoleErrAt - stalledAt <= burrowErrAt - stalledAt + refreshMs,
      });
    } finally {
      await lag.stop();
      await burrow?.stop();
    }
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, failure: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (performance.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
