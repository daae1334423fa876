import type { FleetSnapshot } from '../../shared/fleet/fleetModel';
import { buildOverview } from '../../shared/overview/overviewFromData';
import {
  minOverviewWidth,
  overviewRuns,
  renderOverview,
  type OverviewRegion,
  type RenderedOverview,
} from '../../shared/overview/overviewText';
import type { MetricsSnapshot } from '../../shared/metrics/metricsModel';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { FleetMonitor } from '../core/fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../core/fleet/fleetTargets';
import { textFlag, UsageError, type CliCommand } from './cliCommand';
import { metricsWarnings, openCommandMetricsMonitor } from './commandMetricsMonitor';
import {
  fleetSourceFlags,
  fleetSourceOptions,
  nothingAnswered,
  openFleetSource,
  snapshotOfCluster,
} from './fleetSource';
import { terminalStyle, type TerminalStyle } from './terminalStyle';

const maxWidth = 120;

const usage = `Usage: flarenet overview [flags]

Reads the fleet and its CloudWatch figures once and prints the platform's health dashboard:
the fleet's request rate, 5XX rate, CPU and memory as bars, the services that matter most
now (worst first, with 5XX rate, p99 latency, CPU, memory and availability over the last
hour) and the active alarms with when they fired and what they act on. It is the console's
Overview "Copy as text": paste it into an incident channel.

Where the fleet comes from (the first that applies):
  --ecs-endpoint <url>   an ECS-compatible endpoint, e.g. a running \`npm run sandbox\`
                         (its CloudWatch, ELBv2 and Application Auto Scaling too)
  --profile <name>       AWS with this profile (with --region, or AWS_REGION)
  --region <region>      AWS in this region with the default credential chain
  --config <file>        the environments of a console config file (also FLARENET_CONFIG)
  (none of these)        a sandbox started in this process for this command

Flags:
  --cluster <name>       only this cluster
  --width <cols>         columns to draw in (default the terminal's, else 100; ${minOverviewWidth} to ${maxWidth})
  --json                 print the Overview as JSON
  -h, --help             this help

Exit code: 0 when every cluster and CloudWatch answered, 1 when any did not, 2 for bad flags.`;

export const overviewCommand: CliCommand = {
  name: 'overview',
  summary: 'The health dashboard: request and 5XX rates, CPU, memory, worst services, active alarms',
  usage,
  options: {
    cluster: { type: 'string' },
    width: { type: 'string' },
    json: { type: 'boolean' },
    ...fleetSourceOptions,
  },
  async run(values, positionals, io) {
    if (positionals.length > 0)
      throw new UsageError(`overview takes no arguments (got ${positionals.join(' ')}).`);
    const json = values.json === true;
    const cluster = textFlag(values, 'cluster');
    const width = widthFlag(textFlag(values, 'width'), io.columns);

    const source = await openFleetSource(fleetSourceFlags(values, cluster), io);
    const ecsClients = new EcsClientFactory();
    const fleet = new FleetMonitor({
      targets: fleetTargetsFromConfig(source.config, ecsClients),
      pollIntervalMs: source.config.pollIntervalMs,
      deploymentPollIntervalMs: source.config.deploymentPollIntervalMs,
    });
    const metrics = openCommandMetricsMonitor({ config: source.config, fleet });
    let fleetSnapshot: FleetSnapshot;
    let metricsSnapshot: MetricsSnapshot;
    try {
      if (source.description && !json) io.err(source.description);
      await fleet.refresh();
      await metrics.monitor.refresh();
      fleetSnapshot = snapshotOfCluster(fleet.snapshot(), cluster);
      metricsSnapshot = metrics.monitor.snapshot();
    } finally {
      metrics.close();
      fleet.stop();
      ecsClients.destroyAll();
      await source.close();
    }

    const unanswered = nothingAnswered(fleetSnapshot);
    if (unanswered !== null) {
      io.err(`Error: ${unanswered}`);
      return 1;
    }

    const overview = buildOverview(fleetSnapshot, metricsSnapshot);
    if (json) {
      io.out(`${JSON.stringify(overview, null, 2)}\n`);
    } else {
      const rendered = renderOverview(overview, { width, now: Date.now(), onSandbox: source.onSandbox });
      io.out(styledText(rendered, terminalStyle({ isTty: io.isTty, env: io.env })));
    }
    const warnings = [
      ...fleetSnapshot.clusters
        .filter((c) => c.state !== 'ok')
        .map((c) => `${c.environment} / ${c.clusterName}: ${c.error?.message ?? 'no answer'}`),
      ...metricsWarnings(metricsSnapshot),
    ];
    for (const warning of warnings) io.err(`Warning: ${warning}`);
    return warnings.length > 0 ? 1 : 0;
  },
};

function widthFlag(value: string | undefined, columns: number | undefined): number {
  if (value === undefined) return Math.min(maxWidth, Math.max(minOverviewWidth, columns ?? 100));
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minOverviewWidth || parsed > maxWidth)
    throw new UsageError(
      `--width takes a whole number from ${minOverviewWidth} to ${maxWidth} (got ${value}).`,
    );
  return parsed;
}

/** The drawing with its bars, glyphs and alarms coloured as the terminal tables colour health. */
function styledText(rendered: RenderedOverview, style: TerminalStyle): string {
  const paint = (region: OverviewRegion | null, text: string): string => {
    switch (region?.kind) {
      case 'health':
        return style.health(region.state, text);
      case 'bar':
        return region.tone === 'none'
          ? text
          : style.health(
              region.tone === 'ok' ? 'healthy' : region.tone === 'warn' ? 'degraded' : 'failed',
              text,
            );
      case 'alarm':
        return style.bold(style.health('failed', text));
      case 'muted':
        return style.dim(text);
      default:
        return text;
    }
  };
  const lines = overviewRuns(rendered).map((runs) => runs.map((run) => paint(run.region, run.text)).join(''));
  return `${lines.join('\n')}\n`;
}
