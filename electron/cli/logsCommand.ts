import type { IpcError } from '../../shared/ipc/result';
import type { LogLine, LogTailStatus } from '../../shared/logs/logModel';
import { utcText } from '../../shared/time/clockText';
import type { ConsoleConfig } from '../core/config/consoleConfig';
import { EcsClientFactory } from '../core/fleet/ecsClients';
import { LogService } from '../core/logs/logService';
import { textFlag, UsageError, type CliCommand, type CliIo } from './cliCommand';
import { fleetSourceFlags, fleetSourceOptions, openFleetSource } from './fleetSource';
import { terminalStyle, type TerminalStyle } from './terminalStyle';

const usage = `Usage: flarenet logs <service> [--cluster <name>] [flags]

Prints a service's log lines from CloudWatch Logs — the log group its task definition's
awslogs options name — with time, task and level. With --follow it keeps printing new
lines (CloudWatch live tail, or polling where live tail is not available) until Ctrl-C.

Where the fleet comes from (the first that applies):
  --ecs-endpoint <url>   an endpoint for ECS and CloudWatch Logs, e.g. a running \`npm run sandbox\`
  --profile <name>       AWS with this profile (with --region, or AWS_REGION)
  --region <region>      AWS in this region with the default credential chain
  --config <file>        the environments of a console config file (also FLARENET_CONFIG)
  (none of these)        a sandbox started in this process for this command

Flags:
  --cluster <name>       the service's cluster; needed when more than one is known
  --filter <pattern>     a CloudWatch Logs filter pattern: ERROR, "exact phrase", ?a ?b, -term,
                         '{ $.level = "ERROR" }'
  --since <duration>     how far back to start, e.g. 30s, 10m, 2h (default 10m, at most 24h)
  -f, --follow           keep printing new lines until Ctrl-C
  --limit <n>            lines at most without --follow (default 10000)
  --json                 one JSON object per line
  -h, --help             this help

Exit code: 0 when done (or stopped with Ctrl-C), 1 when the logs could not be read, 2 for bad flags.`;

const maxSinceMs = 24 * 60 * 60 * 1000;

export const logsCommand: CliCommand = {
  name: 'logs',
  summary: "A service's log lines from CloudWatch Logs; --follow to keep tailing",
  usage,
  options: {
    cluster: { type: 'string' },
    filter: { type: 'string' },
    since: { type: 'string' },
    follow: { type: 'boolean', short: 'f' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    ...fleetSourceOptions,
  },
  async run(values, positionals, io) {
    const text = (name: string) => textFlag(values, name);
    const [service, ...extra] = positionals;
    if (!service) throw new UsageError('Name the service, e.g. flarenet logs payment-service.');
    if (extra.length > 0) throw new UsageError(`logs takes one service (got also ${extra.join(' ')}).`);
    const sinceMs = parseDuration(text('since') ?? '10m');
    const limit = parseLimit(text('limit'));
    const follow = values.follow === true;
    const json = values.json === true;
    const filterPattern = text('filter') ?? '';

    const source = await openFleetSource(fleetSourceFlags(values, text('cluster')), io);
    const ecsClients = new EcsClientFactory();
    const logs = new LogService({ environments: source.config.environments, ecsClients });
    try {
      if (source.description && !json) io.err(source.description);
      const cluster = text('cluster') ?? onlyCluster(source.config);
      const printer = linePrinter(io, json);
      if (!follow) {
        const now = Date.now();
        const result = await logs.search({
          cluster,
          service,
          filterPattern,
          startTime: now - sinceMs,
          endTime: now,
          limit,
        });
        for (const line of result.lines) printer(line);
        if (result.truncated)
          io.err(`Showing the first ${result.lines.length} lines; narrow them with --since or --filter.`);
        return 0;
      }
      return await followLogs(logs, { cluster, service, filterPattern, sinceMs }, printer, io, json);
    } finally {
      logs.close();
      ecsClients.destroyAll();
      await source.close();
    }
  },
};

/** Tails until Ctrl-C (exit 0) or until the tail stops by itself (exit 1). */
function followLogs(
  logs: LogService,
  request: { cluster: string; service: string; filterPattern: string; sinceMs: number },
  printer: (line: LogLine) => void,
  io: CliIo,
  json: boolean,
): Promise<number> {
  return new Promise((resolve) => {
    let announced = '';
    const finish = (code: number) => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      tail.stop();
      resolve(code);
    };
    const interrupted = () => finish(0);
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    const tail = logs.openTail(
      request,
      (event) => {
        if (event.type === 'lines') {
          for (const line of event.lines) printer(line);
          return;
        }
        const note = describeStatus(event);
        if (note && note !== announced && !json) io.err(note);
        announced = note ?? announced;
      },
      (error?: IpcError) => {
        io.err(`Error: ${error?.message ?? 'the tail stopped'}`);
        finish(1);
      },
    );
  });
}

function describeStatus(status: LogTailStatus): string | null {
  if (status.state !== 'running' || !status.source) return null;
  const where = `${status.source.logGroup} (${status.source.region})`;
  if (status.error) return `Still trying ${where}: ${status.error.message}`;
  if (status.mode === 'live-tail') return `Following ${where} with CloudWatch Logs live tail. Ctrl-C stops.`;
  return `Following ${where} by polling FilterLogEvents (${status.fallbackReason ?? 'live tail is not used'}). Ctrl-C stops.`;
}

function linePrinter(io: CliIo, json: boolean): (line: LogLine) => void {
  if (json) return (line) => io.out(`${JSON.stringify(line)}\n`);
  const style = terminalStyle({ isTty: io.isTty, env: io.env });
  return (line) => io.out(`${formatLogLine(line, style)}\n`);
}

/**
 * `2025-06-02 09:00:01.123 UTC  3f2a9c1e  ERROR  message`; continuation lines of a stack trace
 * are indented to the message.
 */
export function formatLogLine(line: LogLine, style: TerminalStyle): string {
  const time = utcText(line.timestamp, { precision: 'millisecond' });
  const task = (line.taskId ?? line.stream).slice(0, 8).padEnd(8);
  const level = line.level === 'UNKNOWN' ? '     ' : line.level.padEnd(5);
  const coloured =
    line.level === 'ERROR'
      ? style.health('failed', level)
      : line.level === 'WARN'
        ? style.health('degraded', level)
        : line.level === 'DEBUG' || line.level === 'TRACE'
          ? style.dim(level)
          : level;
  const indent = ' '.repeat(`${time}  ${task}  ${level}  `.length);
  const message = line.message.replace(/\r?\n/g, `\n${indent}`) + (line.truncated ? ' …' : '');
  return `${time}  ${style.dim(task)}  ${coloured}  ${message}`;
}

function onlyCluster(config: ConsoleConfig): string {
  const clusters = config.environments.flatMap((environment) => environment.clusters ?? []);
  const discovering = config.environments.some((environment) => !environment.clusters);
  if (clusters.length === 1 && !discovering) return clusters[0]!;
  throw new UsageError(
    `Name the service's cluster with --cluster${clusters.length > 0 ? ` (known: ${clusters.join(', ')})` : ''}.`,
  );
}

export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw new UsageError(`--since needs a duration such as 30s, 10m or 2h (got "${text}").`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    match[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  const ms = Number(match[1]) * unit;
  if (ms > maxSinceMs) throw new UsageError(`--since reaches back 24h at most (got "${text}").`);
  return ms;
}

function parseLimit(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > 10_000)
    throw new UsageError(`--limit must be a whole number from 1 to 10000 (got "${text}").`);
  return limit;
}
