import { delay } from '../../shared/delay';
import type { GroupLagSummary, LagSnapshot } from '../../shared/kafka/kafkaModel';
import { utcText } from '../../shared/time/clockText';
import { serviceTagsByName, type ServiceTags } from '../../shared/topology/serviceTags';
import { defaultDataDirectory } from '../core/app/dataDirectory';
import { openConsoleSource } from '../core/config/consoleSource';
import type { ConsoleConfig, KafkaClusterConfig } from '../core/config/consoleConfig';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { FleetMonitor } from '../core/fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../core/fleet/fleetTargets';
import { ConsoleError } from '../core/ipc/consoleError';
import type { LagMonitor } from '../core/kafka/lagMonitor';
import { UsageError, type CliCommand, type CliIo } from './cliCommand';
import { openCommandLagMonitor } from './commandLagMonitor';
import { watchUntilInterrupted } from './watchLoop';
import { renderGroupDetails, renderLagTables } from './lagTable';
import { terminalStyle } from './terminalStyle';

const usage = `Usage: flarenet lag [flags]

Reads every consumer group of every Kafka cluster and prints Burrow's status (BURROW: OK,
WARN, ERR, NOTFOUND, by LinkedIn Burrow's rules on the commits read from __consumer_offsets),
the console's own findings (FINDINGS: unassigned, rebalancing, lag rising), total and largest
lag, how far behind in time, trend, time to drain (ETA), members and the ECS service it
belongs to. Rates, trend and ETA need history: the command samples the clusters for a few
seconds (--sample) before it prints, and says "measuring…" where that was not enough.

Where the clusters come from (the first that applies):
  --brokers <host:port,...>  a Kafka cluster by its bootstrap brokers (plaintext, no auth)
  --config <file>            the kafka clusters of a console config file (also FLARENET_CONFIG)
  (neither)                  a sandbox started in this process for this command

Owner services: the config's groupOwners (its kafka clusters' and its topology's), then the
fleet's service names (the config's environments, the sandbox's, or --ecs-endpoint <url>
with --brokers).

A group named with --group, or in a cluster's "groups" config, is read even where the brokers'
ACLs deny listing or describing groups: its lag then comes from its committed and end offsets
alone, and its members show as unknown. A group whose offsets cannot be read shows as UNKNOWN,
with the reason, never as lag 0.

Flags:
  --group <name>       only this group, with its partitions and members
  --json               print the lag snapshot (or with --group the group's details) as JSON
  --watch              keep refreshing; redraws in place on a terminal (Ctrl-C to stop)
  --interval <s>       seconds between refreshes with --watch (default 5)
  --sample <s>         seconds of sampling before the first print (default 3; 0 for none)
  -h, --help           this help

Exit code: 0 when every cluster answered, 1 when any did not, 2 for bad flags.`;

interface LagSource {
  clusters: KafkaClusterConfig[];
  /** The topology config's group owners, which the lag view honours as the topology does. */
  groupOwners: Readonly<Record<string, string>> | undefined;
  /** The ECS side, for the names of the fleet's services; null when there is none. */
  fleet: ConsoleConfig | null;
  description: string | null;
  close(): Promise<void>;
}

export const lagCommand: CliCommand = {
  name: 'lag',
  summary: "Consumer lag of every Kafka consumer group: Burrow's status and the console's findings",
  usage,
  options: {
    group: { type: 'string' },
    json: { type: 'boolean' },
    brokers: { type: 'string' },
    watch: { type: 'boolean' },
    interval: { type: 'string' },
    sample: { type: 'string' },
    config: { type: 'string' },
    'ecs-endpoint': { type: 'string' },
  },
  async run(values, positionals, io) {
    if (positionals.length > 0)
      throw new UsageError(`lag takes no arguments (got ${positionals.join(' ')}).`);
    const text = (name: string) => {
      const value = values[name];
      return typeof value === 'string' ? value : undefined;
    };
    const json = values.json === true;
    const watch = values.watch === true;
    const group = text('group');
    const intervalMs = seconds(text('interval'), '--interval', 5, 1) * 1000;
    const sampleMs = seconds(text('sample'), '--sample', 3, 0) * 1000;
    if (text('ecs-endpoint') && !text('brokers')) throw new UsageError('--ecs-endpoint goes with --brokers.');

    const source = await openLagSource(
      { brokers: text('brokers'), config: text('config'), ecsEndpoint: text('ecs-endpoint') },
      io,
    );
    let monitor: LagMonitor | null = null;
    try {
      if (source.description && !json) io.err(source.description);
      const services = source.fleet ? await fleetServices(source.fleet, io) : { names: [], tags: new Map() };
      monitor = openCommandLagMonitor({
        // A group asked for by name is read by name: a broker that will not list groups still answers.
        clusters: group ? source.clusters.map((cluster) => withNamedGroup(cluster, group)) : source.clusters,
        knownServices: () => services.names,
        serviceTags: () => services.tags,
        ...(source.groupOwners ? { groupOwners: source.groupOwners } : {}),
        refreshIntervalMs: intervalMs,
        io,
      });

      await monitor.refresh();
      if (anyAnswered(monitor.snapshot())) {
        for (let waited = 0; waited < sampleMs; waited += 1000) {
          await delay(Math.min(1000, sampleMs - waited));
          await monitor.refresh();
        }
      }
      const code = print(monitor, {
        group,
        json: json && !watch,
        jsonLine: json && watch,
        io,
        mode: 'first',
      });
      if (!watch) return code;

      const watched = monitor;
      return await watchUntilInterrupted({
        intervalMs,
        io,
        code,
        refresh: () => watched.refresh(),
        draw: () =>
          print(watched, {
            group,
            json: false,
            jsonLine: json,
            io,
            mode: io.isTty && !json ? 'redraw' : 'append',
          }),
      });
    } finally {
      await monitor?.stop();
      await source.close();
    }
  },
};

interface PrintOptions {
  group: string | undefined;
  /** Pretty JSON, once. */
  json: boolean;
  /** One JSON document per line, for --watch --json. */
  jsonLine: boolean;
  io: CliIo;
  /** The first print; a redraw in place (a terminal); or a block appended under the last (a pipe or a file). */
  mode: 'first' | 'redraw' | 'append';
}

function print(monitor: LagMonitor, options: PrintOptions): number {
  const { io } = options;
  const snapshot = monitor.snapshot();
  const failing = snapshot.clusters.filter((c) => c.state !== 'ok');
  if (failing.length === snapshot.clusters.length && snapshot.groups.length === 0) {
    // Nothing answered: one line that says why is more use than empty tables.
    const reasons = [
      ...new Set(failing.map((c) => c.error?.message ?? `Kafka cluster ${c.name} did not answer`)),
    ];
    throw new ConsoleError(failing[0]?.error?.code ?? 'UNAVAILABLE', reasons.join('; '));
  }

  const style = terminalStyle({ isTty: io.isTty, env: io.env });
  const width = io.columns ?? 160;
  let output: string;
  if (options.group) {
    const matches = snapshot.groups.filter((g) => g.groupId === options.group && !isNoSuchGroup(g));
    if (matches.length === 0) {
      const known = snapshot.groups.filter((g) => !isNoSuchGroup(g)).map((g) => g.groupId);
      throw new ConsoleError(
        'NOT_FOUND',
        `No consumer group ${options.group}${known.length > 0 ? ` (found: ${known.join(', ')})` : ''}.`,
      );
    }
    const details = matches.map((g) => monitor.groupDetails(g.kafkaCluster, g.groupId));
    const value = details.length === 1 ? details[0] : details;
    output = options.json
      ? `${JSON.stringify(value, null, 2)}\n`
      : options.jsonLine
        ? `${JSON.stringify(value)}\n`
        : details
            .map((d) =>
              renderGroupDetails(
                d,
                snapshot.clusters.find((c) => c.name === d.group.kafkaCluster),
                snapshot.generatedAt,
                { width, style },
              ),
            )
            .join('\n');
  } else {
    output = options.json
      ? `${JSON.stringify(snapshot, null, 2)}\n`
      : options.jsonLine
        ? `${JSON.stringify(snapshot)}\n`
        : renderLagTables(snapshot, { width, style });
  }

  if (options.mode === 'redraw') io.out(`\u001b[H\u001b[2J${output}`);
  else if (options.mode === 'append' && !options.jsonLine)
    io.out(`\n${style.dim(`— ${utcText(snapshot.generatedAt)} —`)}\n${output}`);
  else io.out(output);
  for (const c of failing) io.err(`Warning: Kafka ${c.name}: ${c.error?.message ?? 'no answer yet'}`);
  return failing.length > 0 ? 1 : 0;
}

async function openLagSource(
  flags: { brokers?: string; config?: string; ecsEndpoint?: string },
  io: CliIo,
): Promise<LagSource> {
  const source = await openConsoleSource({
    flags,
    env: io.env,
    dataDir: defaultDataDirectory(io.env),
    startSandbox: io.startSandbox,
    sandbox: { ecsPort: 0, kafkaPort: 0 },
  });
  const clusters = source.config.kafka ?? [];
  if (clusters.length === 0) {
    await source.close();
    throw new ConsoleError(
      'NOT_FOUND',
      `The console config ${source.configPath ?? ''} names no Kafka clusters ("kafka"); name them there or pass --brokers.`,
    );
  }
  return {
    clusters,
    groupOwners: source.config.topology?.groupOwners,
    fleet: source.config.environments.length > 0 ? source.config : null,
    description: source.kind === 'command-line' ? null : source.description,
    close: () => source.close(),
  };
}

/**
 * The fleet's services, for group owners: their names for the naming convention and their
 * `flarenet:` tags for the groups they say they own. Without them no owner is shown, which is said once.
 */
async function fleetServices(
  config: ConsoleConfig,
  io: CliIo,
): Promise<{ names: string[]; tags: ReadonlyMap<string, ServiceTags> }> {
  const clients = new EcsClientFactory();
  const monitor = new FleetMonitor({ targets: fleetTargetsFromConfig(config, clients) });
  try {
    await monitor.refresh();
    const snapshot = monitor.snapshot();
    const failing = snapshot.clusters.filter((c) => c.state !== 'ok');
    if (failing.length > 0) {
      io.err(
        `Note: owner services may be missing: ${failing.map((c) => c.error?.message ?? c.clusterName).join('; ')}`,
      );
    }
    return {
      names: [...new Set(snapshot.services.map((s) => s.serviceName))].sort(),
      tags: serviceTagsByName(snapshot.services),
    };
  } finally {
    monitor.stop();
    clients.destroyAll();
  }
}

/**
 * A group read by name that the broker knows nothing of: described as Dead (Kafka's answer
 * for a group it does not have), no members, no offsets. Where the broker would not describe
 * it, it cannot be told from a real group, and is shown with its reason instead.
 */
function isNoSuchGroup(group: GroupLagSummary): boolean {
  return group.state === 'Dead' && group.memberCount === 0 && group.lagUnknown?.code === 'NOT_FOUND';
}

function withNamedGroup(cluster: KafkaClusterConfig, groupId: string): KafkaClusterConfig {
  return { ...cluster, groups: [...(cluster.groups ?? []), groupId] };
}

function anyAnswered(snapshot: LagSnapshot): boolean {
  return snapshot.clusters.some((c) => c.state === 'ok');
}

function seconds(value: string | undefined, flag: string, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < minimum || parsed > 3600) {
    throw new UsageError(`${flag} takes a number of seconds from ${minimum} to 3600 (got ${value}).`);
  }
  return parsed;
}
