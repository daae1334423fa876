import { delay } from '../../shared/delay';
import type { FleetSnapshot } from '../../shared/fleet/fleetModel';
import type { LagSnapshot } from '../../shared/kafka/kafkaModel';
import type { MetricsSnapshot } from '../../shared/metrics/metricsModel';
import { buildTopologyGraph } from '../../shared/topology/graphFromData';
import { minLayoutWidth } from '../../shared/topology/layout';
import { problemViewAbove } from '../../shared/topology/problemView';
import type { TopologySpec } from '../../shared/topology/topologyModel';
import { snapshotText, type TopologyTextOptions } from '../../shared/topology/render';
import { serviceTagsByName } from '../../shared/topology/serviceTags';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { FleetMonitor } from '../core/fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../core/fleet/fleetTargets';
import { ConsoleError } from '../core/ipc/consoleError';
import { openTopologySource } from './topologySource';
import { textFlag, UsageError, type CliCommand, type CliIo } from './cliCommand';
import { openCommandLagMonitor } from './commandLagMonitor';
import { metricsWarnings, openCommandMetricsMonitor } from './commandMetricsMonitor';
import { fleetSourceFlags, fleetSourceOptions } from './fleetSource';
import { watchUntilInterrupted, type InterruptListener } from './watchLoop';

const usage = `Usage: flarenet topology [flags]

Draws the platform: the entry, each service with its health, running/desired tasks,
revision, 5XX share and p99 latency (CloudWatch, marked ⚑ when an alarm of the service is
in ALARM), the Kafka topics between producers and consumers with every consumer group's lag
and status, and the datastores — with the problems listed in words underneath. It is the
console's "Copy as text": paste it into an incident channel.

Where the fleet comes from (the first that applies):
  --ecs-endpoint <url>   an ECS-compatible endpoint, e.g. a running \`npm run sandbox\`
                         (its CloudWatch, ELBv2 and Application Auto Scaling too)
  --profile <name>       AWS with this profile (with --region, or AWS_REGION)
  --region <region>      AWS in this region with the default credential chain
  --config <file>        the environments and Kafka clusters of a console config file
                         (also FLARENET_CONFIG)
  (none of these)        a sandbox started in this process for this command, Kafka included

Lag comes from the config's Kafka clusters and --brokers. The topology (entry, HTTP calls,
producers, datastores, domains) comes from --spec, the config's "topology" section, or a
sandbox's own; ECS tags and the naming convention fill in the rest.

Flags:
  --cluster <name>           only this ECS cluster
  --environment <name>       only this environment
  --width <cols>             columns to draw in (default the terminal's, else 100; at least ${minLayoutWidth})
  --collapse-healthy         fold each layer's healthy services and quiet topics into one box
  --all                      every box, even when the platform is too large for one screen
                             (more than ${problemViewAbove} boxes: by default the problems and their
                             neighbours are drawn and the rest counted per domain or cluster)
  --group-by-domain          frame each domain's boxes
  --spec <file>              a topology spec file (JSON, the config section's shape)
  --brokers <host:port,...>  a Kafka cluster to read lag from (lag then shows on every cluster drawn)
  --sample <s>               seconds of lag sampling first, so statuses can be judged (default 3; 0 for none)
  --watch                    keep refreshing; redraws in place on a terminal (Ctrl-C to stop)
  --interval <s>             seconds between redraws with --watch (default 5)
  -h, --help                 this help

Exit code: 0 when every cluster and CloudWatch answered, 1 when any did not, 2 for bad flags.`;

export interface TopologyCommandDeps {
  /** Calls `stop` when the person asks a watch to end; returns the cleanup. Default: Ctrl-C. */
  onInterrupt?: InterruptListener;
  now?: () => number;
}

export function createTopologyCommand(deps: TopologyCommandDeps = {}): CliCommand {
  const now = deps.now ?? Date.now;
  return {
    name: 'topology',
    summary: 'The platform as a diagram: services, topics with consumer lag, datastores',
    usage,
    options: {
      cluster: { type: 'string' },
      environment: { type: 'string' },
      width: { type: 'string' },
      'collapse-healthy': { type: 'boolean' },
      'group-by-domain': { type: 'boolean' },
      all: { type: 'boolean' },
      spec: { type: 'string' },
      brokers: { type: 'string' },
      sample: { type: 'string' },
      watch: { type: 'boolean' },
      interval: { type: 'string' },
      ...fleetSourceOptions,
    },
    async run(values, positionals, io) {
      if (positionals.length > 0)
        throw new UsageError(`topology takes no arguments (got ${positionals.join(' ')}).`);
      const text = (name: string) => textFlag(values, name);
      const width = whole(text('width'), '--width', io.columns ?? 100, minLayoutWidth, 1000);
      const sampleMs = whole(text('sample'), '--sample', 3, 0, 600) * 1000;
      const intervalMs = whole(text('interval'), '--interval', 5, 1, 3600) * 1000;
      const layout: TopologyTextOptions = {
        width,
        collapseHealthy: values['collapse-healthy'] === true,
        groupByDomain: values['group-by-domain'] === true,
        all: values.all === true,
      };
      const scope = { cluster: text('cluster'), environment: text('environment') };

      const source = await openTopologySource(
        { ...fleetSourceFlags(values, scope.cluster), brokers: text('brokers'), spec: text('spec') },
        io,
      );
      const clients = new EcsClientFactory();
      const fleet = new FleetMonitor({
        targets: fleetTargetsFromConfig(source.fleet, clients),
        pollIntervalMs: source.fleet.pollIntervalMs,
        deploymentPollIntervalMs: source.fleet.deploymentPollIntervalMs,
        now,
      });
      const metrics = openCommandMetricsMonitor({ config: source.fleet, fleet, now });
      let serviceNames: string[] = [];
      const lag =
        source.kafka.length > 0
          ? openCommandLagMonitor({
              clusters: source.kafka,
              knownServices: () => serviceNames,
              serviceTags: () => serviceTagsByName(fleet.snapshot().services),
              groupOwners: source.spec.groupOwners,
              refreshIntervalMs: intervalMs,
              io,
            })
          : null;
      try {
        for (const note of source.notes) io.err(note);
        await fleet.refresh();
        serviceNames = [...new Set(fleet.snapshot().services.map((s) => s.serviceName))].sort();
        if (lag) {
          await lag.refresh();
          for (
            let waited = 0;
            waited < sampleMs && lag.snapshot().clusters.some((c) => c.state === 'ok');
            waited += 1000
          ) {
            await delay(Math.min(1000, sampleMs - waited));
            await lag.refresh();
          }
          // The fleet as fresh as the lag it is drawn with.
          if (sampleMs > 0) await fleet.refresh();
        }
        // One round of CloudWatch for the services just read, as the app's boxes have them.
        await metrics.monitor.refresh();
        const draw = () =>
          drawAll(
            fleet.snapshot(),
            lag?.snapshot() ?? null,
            metrics.monitor.snapshot(),
            source.spec,
            scope,
            layout,
            now(),
            source.onSandbox,
          );
        const code = print(draw(), io, 'first');
        if (values.watch !== true) return code;

        fleet.start();
        metrics.monitor.start();
        lag?.start();
        return await watchUntilInterrupted({
          intervalMs,
          io,
          code,
          refresh: () => {
            serviceNames = [...new Set(fleet.snapshot().services.map((s) => s.serviceName))].sort();
          },
          draw: () => print(draw(), io, io.isTty ? 'redraw' : 'append'),
          onInterrupt: deps.onInterrupt,
        });
      } finally {
        metrics.close();
        fleet.stop();
        clients.destroyAll();
        await lag?.stop();
        await source.close();
      }
    },
  };
}

export const topologyCommand = createTopologyCommand();

interface Drawing {
  text: string;
  warnings: string[];
}

function drawAll(
  fleet: FleetSnapshot,
  lag: LagSnapshot | null,
  metrics: MetricsSnapshot,
  spec: TopologySpec,
  scope: { cluster?: string; environment?: string },
  layout: TopologyTextOptions,
  now: number,
  onSandbox: boolean,
): Drawing {
  const clusters = fleet.clusters
    .filter((c) => !scope.environment || c.environment === scope.environment)
    .filter(
      (c) => !scope.cluster || c.clusterName === scope.cluster || c.clusterArn?.endsWith(`/${scope.cluster}`),
    );
  if (clusters.length === 0) {
    const known = fleet.clusters.map((c) => `${c.environment} / ${c.clusterName}`);
    const wanted = [
      scope.environment && `environment ${scope.environment}`,
      scope.cluster && `cluster ${scope.cluster}`,
    ]
      .filter(Boolean)
      .join(' and ');
    throw new ConsoleError(
      'NOT_FOUND',
      `No ${wanted || 'cluster'} found${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}.`,
    );
  }
  const failing = clusters.filter((c) => c.state !== 'ok');
  if (failing.length === clusters.length && fleet.services.length === 0) {
    // Nothing answered: one line that says why is more use than empty diagrams.
    const reasons = [...new Set(failing.map((c) => c.error?.message ?? `${c.clusterName} did not answer`))];
    throw new ConsoleError(failing[0]?.error?.code ?? 'UNAVAILABLE', reasons.join('; '));
  }
  const blocks = clusters.map((cluster) =>
    snapshotText(
      buildTopologyGraph({
        fleet,
        lag,
        spec,
        environment: cluster.environment,
        clusterName: cluster.clusterName,
        metrics,
      }),
      layout,
      now,
      onSandbox,
    ),
  );
  const warnings = [
    ...failing.map((c) => `Warning: ${c.environment} / ${c.clusterName}: ${c.error?.message ?? 'no answer'}`),
    ...(lag?.clusters ?? [])
      .filter((c) => c.state !== 'ok')
      .map((c) => `Warning: Kafka ${c.name}: ${c.error?.message ?? 'no answer yet'}`),
    ...metricsWarnings(metrics, (environment) => clusters.some((c) => c.environment === environment)).map(
      (warning) => `Warning: ${warning}`,
    ),
  ];
  return { text: blocks.join('\n'), warnings };
}

function print(drawing: Drawing, io: CliIo, mode: 'first' | 'redraw' | 'append'): number {
  if (mode === 'redraw') io.out(`\u001b[H\u001b[2J${drawing.text}`);
  else if (mode === 'append') io.out(`\n${drawing.text}`);
  else io.out(drawing.text);
  for (const warning of drawing.warnings) io.err(warning);
  return drawing.warnings.length > 0 ? 1 : 0;
}

function whole(
  value: string | undefined,
  flag: string,
  fallback: number,
  minimum: number,
  maximum: number,
): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum || parsed > maximum) {
    throw new UsageError(`${flag} takes a whole number from ${minimum} to ${maximum} (got ${value}).`);
  }
  return parsed;
}
