/**
 * The console host at the headline size, in its own process against the sandbox in
 * another: the bytes on its WebSocket (quiet, and when one service changes), how fast it
 * answers a page request, the browser's figures, and the host's memory sampled every 30 s
 * for `--minutes`.
 */
import type { BenchOptions } from './benchOptions';
import type { BenchReport, ExpectedFigure } from './benchReport';
import { benchBrowser, browserExpectedFigures } from './browserBench';
import { fleetShape } from './ecsBench';
import { startHostProcess, type HostProcess } from './hostProcess';
import { benchHostAnswers, hostAnswerFigure } from './hostResponsiveness';
import { byteSize, count, seconds } from './resultTable';
import type { SandboxProcess } from './sandboxProcess';
import { withSandbox } from './sandboxProcess';
import { fleetWindow } from '../../shared/ipc/fleet';
import { kafkaLagWindow } from '../../shared/ipc/kafka';
import { connectStreamClient, tallyByChannel, type ReceivedMessage } from './streamBytes';

const sampleEveryMs = 30_000;
/** A deploy's first step reaches the console within a few refreshes, even slow ones. */
const changeWindowMs = 60_000;
const rssGoalBytes = 300 * 1024 * 1024;
/** While nothing changes the fleet stream carries only the clusters' freshness, each poll round in one small message. */
const quietGoal = 'heartbeats only: cluster freshness, no service';

function bytesNames(options: BenchOptions) {
  return {
    quietFleet: `fleet stream a minute while quiet, ${count(options.services)} services`,
    lag: `lag stream a minute, ${count(options.groups)} groups`,
    change: 'fleet update when one service changes',
  };
}

function memoryName(options: BenchOptions): string {
  return `host RSS, ${count(options.services)} services + ${count(options.groups)} groups`;
}

export function hostExpectedFigures(options: BenchOptions): ExpectedFigure[] {
  const bytes = bytesNames(options);
  return [
    ...(options.sections.has('bytes')
      ? [
          { figure: bytes.quietFleet, goal: quietGoal },
          { figure: bytes.lag, goal: 'only what changed' },
          { figure: bytes.change, goal: 'under 1 KB on the wire' },
        ]
      : []),
    ...(options.sections.has('browser')
      ? [hostAnswerFigure, ...browserExpectedFigures(options.services)]
      : []),
    ...(options.sections.has('memory')
      ? [
          { figure: memoryName(options), goal: `under ${byteSize(rssGoalBytes)}` },
          { figure: 'host RSS growth over the run', goal: 'none (under 5 %)' },
        ]
      : []),
  ];
}

export async function benchHost(options: BenchOptions, report: BenchReport): Promise<void> {
  const shape = fleetShape(options.services, options.clusters);
  const services = shape.clusters * shape.servicesPerCluster;
  await withSandbox(
    { seed: 1, lively: false, fleet: shape, kafka: { groups: options.groups } },
    async (sandbox) => {
      const host = await startHostProcess(sandbox.endpoints);
      const samples: { at: number; rss: number }[] = [];
      const startedAt = performance.now();
      const sample = async () => {
        const rss = await host.rssBytes();
        if (rss !== null) samples.push({ at: performance.now() - startedAt, rss });
      };
      await sample();
      const sampler = setInterval(() => void sample(), sampleEveryMs);
      try {
        if (options.sections.has('bytes'))
          await safely(report, bytesFigures(options), () =>
            benchBytes(options, services, host, sandbox, report),
          );
        if (options.sections.has('browser'))
          await safely(report, [hostAnswerFigure], () =>
            benchHostAnswers(host, options.quick ? 10_000 : 30_000, report),
          );
        if (options.sections.has('browser'))
          await safely(report, browserExpectedFigures(options.services), () =>
            benchBrowser(
              host,
              {
                services,
                quietMs: options.quick ? 10_000 : 30_000,
                updatesMs: options.quick ? 10_000 : 20_000,
                changeSomething: () =>
                  sandbox
                    .runScenario({
                      kind: 'bad-deploy',
                      cluster: 'flarenet-production',
                      service: 'order-service',
                      circuitBreaker: 'off',
                    })
                    .then(() => undefined),
              },
              report,
            ),
          );
        if (options.sections.has('memory')) {
          const remaining = options.minutes * 60_000 - (performance.now() - startedAt);
          if (remaining > 0) {
            report.note(
              `sampling the host's memory for ${seconds(remaining)} more, with a window subscribed`,
            );
            // As with a console window open: the host keeps streaming to a subscriber meanwhile.
            const watcher = await connectStreamClient(host.url);
            await new Promise((resolve) => setTimeout(resolve, remaining));
            watcher.close();
          }
          await sample();
          reportMemory(options, samples, report);
        }
      } finally {
        clearInterval(sampler);
        await host.stop();
      }
    },
  );
}

function bytesFigures(options: BenchOptions): ExpectedFigure[] {
  return hostExpectedFigures({ ...options, sections: new Set(['bytes']) });
}

/** Runs one part; if it fails, its figures are reported as not measured and the next part runs. */
async function safely(
  report: BenchReport,
  expected: readonly ExpectedFigure[],
  work: () => Promise<void>,
): Promise<void> {
  const before = report.figures.length;
  try {
    await work();
  } catch (error) {
    const given = new Set(report.figures.slice(before).map((figure) => figure.figure));
    report.skip(
      expected.filter((figure) => !given.has(figure.figure)),
      error instanceof Error ? error.message.split('\n')[0]! : String(error),
    );
  }
}

async function benchBytes(
  options: BenchOptions,
  services: number,
  host: HostProcess,
  sandbox: SandboxProcess,
  report: BenchReport,
): Promise<void> {
  const names = bytesNames(options);
  const client = await connectStreamClient(host.url);
  try {
    const connectedAt = performance.now();
    await client.untilServices(services, 180_000);
    const loaded = tallyByChannel(client.received(), 0, performance.now());
    const loadedFleet = loaded.get(fleetWindow.name);
    report.note(
      `the table's window counted all ${count(services)} services ${seconds(performance.now() - connectedAt)} after connecting; largest message ${byteSize(loadedFleet?.largest ?? 0)}, ${byteSize(loadedFleet?.bytes ?? 0)} on the wire in all (${byteSize(loadedFleet?.textBytes ?? 0)} of text)`,
    );
    // Two refreshes for whatever loading left to settle.
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const quietFrom = performance.now();
    await new Promise((resolve) => setTimeout(resolve, options.quietSeconds * 1000));
    const quietTo = performance.now();
    const minutes = (quietTo - quietFrom) / 60_000;
    const quiet = tallyByChannel(client.received(), quietFrom, quietTo);
    const none = { messages: 0, bytes: 0, textBytes: 0, largest: 0 };
    const fleet = quiet.get(fleetWindow.name) ?? none;
    const describingServices = client
      .received()
      .filter(
        (message) =>
          message.at >= quietFrom &&
          message.at < quietTo &&
          message.channel === fleetWindow.name &&
          (message.services ?? 0) > 0,
      ).length;
    report.add({
      figure: names.quietFleet,
      measured: `${byteSize(fleet.bytes / minutes)}/min on the wire (${byteSize(fleet.textBytes / minutes)}/min of text) in ${fleet.messages} messages over ${seconds(quietTo - quietFrom)}, largest ${byteSize(fleet.largest)}; ${describingServices} of them about services`,
      goal: quietGoal,
      met: describingServices === 0,
    });
    const lag = quiet.get(kafkaLagWindow.name) ?? none;
    report.add({
      figure: names.lag,
      measured: `${byteSize(lag.bytes / minutes)}/min on the wire (${byteSize(lag.textBytes / minutes)}/min of text) in ${lag.messages} messages (lag moves with the traffic)`,
      goal: 'only what changed',
      met: null,
    });

    // The page that watches a deploy has the service selected, wherever it sits in the table.
    const selectFrom = performance.now();
    await client.select('flarenet-production', 'payment-service');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const selecting = tallyByChannel(client.received(), selectFrom, performance.now());
    report.note(
      `selecting a service: the catalog of ${count(services)} services ${byteSize(selecting.get('results')?.bytes ?? 0)} on the wire (${byteSize(selecting.get('results')?.textBytes ?? 0)} of text); the window again with it ${byteSize(selecting.get(fleetWindow.name)?.bytes ?? 0)} (${byteSize(selecting.get(fleetWindow.name)?.textBytes ?? 0)} of text)`,
    );
    const changeFrom = performance.now();
    const summary = await sandbox.runScenario({
      kind: 'good-deploy',
      cluster: 'flarenet-production',
      service: 'payment-service',
    });
    const carriesChange = (message: ReceivedMessage) =>
      message.at >= changeFrom && message.channel === fleetWindow.name && (message.services ?? 0) > 0;
    const deadline = performance.now() + changeWindowMs;
    while (!client.received().some(carriesChange) && performance.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    const updates = client.received().filter(carriesChange);
    const perService = updates.map((message) => message.bytes / message.services!);
    const textPerService = updates.map((message) => message.textBytes / message.services!);
    report.add({
      figure: names.change,
      measured:
        updates.length > 0
          ? `${byteSize(Math.max(...perService))} per changed service on the wire, ${byteSize(Math.max(...textPerService))} of text (first update ${byteSize(updates[0]!.bytes)} for ${updates[0]!.services === 1 ? 'one service' : `${updates[0]!.services} services`}, ${seconds(updates[0]!.at - changeFrom)} after the change; ${summary})`
          : `no fleet update described a service within ${seconds(changeWindowMs)} of the change (${summary})`,
      goal: 'under 1 KB on the wire',
      met: updates.length > 0 ? Math.max(...perService) < 1024 : false,
    });
    const problems = client.problems();
    if (problems.length > 0) report.note(`stream problems: ${problems.join('; ')}`);
  } finally {
    client.close();
  }
}

function reportMemory(
  options: BenchOptions,
  samples: { at: number; rss: number }[],
  report: BenchReport,
): void {
  if (samples.length === 0) throw new Error('the host’s memory could not be read (no /proc on this machine)');
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  report.note(`host RSS: ${samples.map((s) => `${(s.at / 60_000).toFixed(1)} min ${mb(s.rss)}`).join(', ')}`);
  const last = samples.at(-1)!;
  report.add({
    figure: memoryName(options),
    measured: `${mb(last.rss)} after ${(last.at / 60_000).toFixed(1)} min`,
    goal: `under ${byteSize(rssGoalBytes)}`,
    met: last.rss < rssGoalBytes,
  });
  // Growth from the first sample taken after loading (a minute in, or the second) to the last.
  const settled = samples.find((s) => s.at >= 60_000) ?? samples[1];
  if (!settled || settled === last) {
    report.add({
      figure: 'host RSS growth over the run',
      measured: 'not measured — the run was too short for two samples after loading (--minutes)',
      goal: 'none (under 5 %)',
      met: null,
    });
    return;
  }
  const growth = (last.rss - settled.rss) / settled.rss;
  report.add({
    figure: 'host RSS growth over the run',
    measured: `${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} % (${mb(settled.rss)} at ${(settled.at / 60_000).toFixed(1)} min → ${mb(last.rss)} at ${(last.at / 60_000).toFixed(1)} min)`,
    goal: 'none (under 5 %)',
    met: growth < 0.05,
  });
}
