import type { FleetSnapshot } from '../../shared/fleet/fleetModel';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { FleetMonitor } from '../core/fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../core/fleet/fleetTargets';
import { textFlag, UsageError, type CliCommand } from './cliCommand';
import { renderFleetTables } from './fleetTable';
import {
  fleetSourceFlags,
  fleetSourceOptions,
  nothingAnswered,
  openFleetSource,
  snapshotOfCluster,
} from './fleetSource';
import { terminalStyle } from './terminalStyle';

const usage = `Usage: flarenet services [flags]

Polls every cluster once and prints each service's health, counts, task definition,
image tag, rollout and newest event.

Where the fleet comes from (the first that applies):
  --ecs-endpoint <url>   an ECS-compatible endpoint, e.g. a running \`npm run sandbox\`
  --profile <name>       AWS with this profile (with --region, or AWS_REGION)
  --region <region>      AWS in this region with the default credential chain
  --config <file>        the environments of a console config file (also FLARENET_CONFIG)
  (none of these)        a sandbox started in this process for this command

Flags:
  --cluster <name>       only this cluster
  --json                 print the fleet snapshot as JSON
  -h, --help             this help

Exit code: 0 when every cluster answered, 1 when any did not, 2 for bad flags.`;

export const servicesCommand: CliCommand = {
  name: 'services',
  summary: 'Health of every ECS service, one table per environment and cluster',
  usage,
  options: {
    cluster: { type: 'string' },
    json: { type: 'boolean' },
    ...fleetSourceOptions,
  },
  async run(values, positionals, io) {
    if (positionals.length > 0)
      throw new UsageError(`services takes no arguments (got ${positionals.join(' ')}).`);
    const json = values.json === true;
    const cluster = textFlag(values, 'cluster');

    const source = await openFleetSource(fleetSourceFlags(values, cluster), io);
    const clients = new EcsClientFactory();
    const monitor = new FleetMonitor({
      targets: fleetTargetsFromConfig(source.config, clients),
      pollIntervalMs: source.config.pollIntervalMs,
      deploymentPollIntervalMs: source.config.deploymentPollIntervalMs,
    });
    let snapshot: FleetSnapshot;
    try {
      if (source.description && !json) io.err(source.description);
      await monitor.refresh();
      snapshot = snapshotOfCluster(monitor.snapshot(), cluster);
    } finally {
      monitor.stop();
      clients.destroyAll();
      await source.close();
    }

    const failing = snapshot.clusters.filter((c) => c.state !== 'ok');
    const unanswered = nothingAnswered(snapshot);
    if (unanswered !== null) {
      io.err(`Error: ${unanswered}`);
      return 1;
    }

    if (json) {
      io.out(`${JSON.stringify(snapshot, null, 2)}\n`);
    } else {
      io.out(
        renderFleetTables(snapshot, {
          width: io.columns ?? 160,
          style: terminalStyle({ isTty: io.isTty, env: io.env }),
        }),
      );
    }
    for (const c of failing)
      io.err(`Warning: ${c.environment} / ${c.clusterName}: ${c.error?.message ?? 'no answer'}`);
    return failing.length > 0 ? 1 : 0;
  },
};
