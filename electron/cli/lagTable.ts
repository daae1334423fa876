import type { HealthState } from '../../shared/fleet/fleetModel';
import { formatCount } from '../../shared/kafka/lagWords';
import { compactDuration, spokenDuration } from '../../shared/time/durationText';
import { healthGlyphs } from '../../shared/fleet/healthGlyphs';
import { consoleFindingNames, consoleFindingShortNames } from '../../shared/kafka/consoleFindings';
import type {
  ConsoleFinding,
  DrainEta,
  GroupLagDetails,
  GroupLagSummary,
  GroupStatus,
  KafkaClusterStatus,
  LagSnapshot,
  LagTrend,
  PartitionStatus,
} from '../../shared/kafka/kafkaModel';
import type { TerminalStyle } from './terminalStyle';
import { renderTable, type CellInput, type TableColumn } from './textTable';

/**
 * Consumer lag as `cli lag` prints it: one heading and one table per Kafka cluster, a
 * reason line under every group that is not ok, and for one group its partitions and
 * members. Burrow's status (BURROW) and the console's own findings (FINDINGS) have columns
 * of their own; each carries a glyph and a word, so they read without colour.
 */

/** Shown where a figure needs more history than one look gives. */
export const measuring = 'measuring…';

const statusHealth: Record<GroupStatus | PartitionStatus, HealthState> = {
  OK: 'healthy',
  WARN: 'degraded',
  ERR: 'failed',
  STALL: 'failed',
  STOP: 'failed',
  REWIND: 'failed',
  NOTFOUND: 'stale',
};

const groupColumns: TableColumn[] = [
  { header: 'GROUP' },
  { header: 'BURROW' },
  { header: 'FINDINGS' },
  { header: 'LAG', align: 'right' },
  { header: 'MAX LAG' },
  { header: 'BEHIND', align: 'right' },
  { header: 'TREND' },
  { header: 'ETA' },
  { header: 'MEMBERS', align: 'right' },
  { header: 'OWNER', shrink: true },
];

export interface LagTableOptions {
  width: number;
  style: TerminalStyle;
}

export function renderLagTables(snapshot: LagSnapshot, options: LagTableOptions): string {
  const { style } = options;
  const blocks = snapshot.clusters.map((cluster) => {
    const groups = snapshot.groups.filter((g) => g.kafkaCluster === cluster.name);
    const lines = [clusterHeading(cluster, snapshot.generatedAt, groups.length, style)];
    lines.push(...clusterWarnings(cluster, style));
    if (groups.length > 0) {
      const table = renderTable(
        groupColumns,
        groups.map((group) => groupRow(group, style)),
        { width: options.width, indent: '  ', paintHeader: style.dim },
      );
      lines.push(table[0]!);
      groups.forEach((group, index) => {
        lines.push(table[index + 1]!);
        // The reason tells on-call where to look; an ok group needs none unless part of it is unknown.
        if (group.severity !== 'ok' || group.membersUnknown)
          lines.push(style.dim(`    ↳ ${group.statusReason}`));
      });
    } else if (cluster.state === 'ok') {
      lines.push(style.dim('  no consumer groups'));
    }
    return lines.join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

const partitionColumns: TableColumn[] = [
  { header: 'TOPIC/PARTITION' },
  { header: 'BURROW' },
  { header: 'FINDINGS' },
  { header: 'END', align: 'right' },
  { header: 'COMMITTED', align: 'right' },
  { header: 'LAG', align: 'right' },
  { header: 'OWNER', shrink: true },
];

/** One group: its row, then a table of partitions and the members with what they are assigned. */
export function renderGroupDetails(
  details: GroupLagDetails,
  cluster: KafkaClusterStatus | undefined,
  generatedAt: number,
  options: LagTableOptions,
): string {
  const { style } = options;
  const { group } = details;
  const lines: string[] = [];
  if (cluster)
    lines.push(clusterHeading(cluster, generatedAt, null, style), ...clusterWarnings(cluster, style));
  lines.push(
    ...renderTable(groupColumns, [groupRow(group, style)], {
      width: options.width,
      indent: '  ',
      paintHeader: style.dim,
    }),
  );
  lines.push(style.dim(`    ↳ Burrow ${group.burrowStatus}: ${group.burrowReason}`));
  for (const finding of group.findings)
    lines.push(style.dim(`    ↳ ⚑ ${finding.severity}: ${finding.summary}`));
  lines.push('');
  lines.push(
    ...renderTable(
      partitionColumns,
      details.partitions.map((p) => [
        `${p.topic}/${p.partition}`,
        statusCell(p.burrowStatus, style),
        p.findings.length === 0 ? '-' : p.findings.map((kind) => consoleFindingNames[kind]).join(', '),
        p.endOffset === null ? '-' : formatCount(p.endOffset),
        p.committedOffset === null ? 'no commit' : formatCount(p.committedOffset),
        p.lag === null ? '-' : formatCount(p.lag),
        p.owner ? `${p.owner.clientId} ${p.owner.host}` : '-',
      ]),
      { width: options.width, indent: '  ', paintHeader: style.dim },
    ),
  );
  lines.push('');
  if (group.membersUnknown) {
    lines.push(style.dim(`  members unknown: ${group.membersUnknown.message}`));
  } else if (details.members.length === 0) {
    lines.push(style.dim('  no members'));
  } else {
    lines.push(style.dim('  MEMBERS'));
    for (const member of details.members) {
      const assigned = member.assignments.map((a) => `${a.topic} [${a.partitions.join(', ')}]`).join('; ');
      lines.push(`  ${member.clientId} ${member.host}  ${assigned || 'nothing assigned'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function clusterHeading(
  cluster: KafkaClusterStatus,
  generatedAt: number,
  groupCount: number | null,
  style: TerminalStyle,
): string {
  const name = style.bold(`${cluster.environment ? `${cluster.environment} / ` : ''}Kafka ${cluster.name}`);
  const where = style.dim(`(${cluster.brokers.join(', ')})`);
  switch (cluster.state) {
    case 'ok': {
      const count =
        groupCount === null ? '' : ` — ${groupCount} consumer group${groupCount === 1 ? '' : 's'}`;
      return `${name} ${where}${count}${commitSourceNote(cluster, style)}`;
    }
    case 'stale': {
      if (cluster.lastSuccessAt === null)
        return `${name} ${where} — ${style.health('stale', 'not read yet')}`;
      const age = spokenDuration(generatedAt - cluster.lastSuccessAt, { finestUnit: 'second' });
      return `${name} ${where} — ${style.health('stale', `${healthGlyphs.stale} stale, data ${age} old`)}: ${cluster.error?.message ?? 'the last refresh failed'}`;
    }
    case 'error':
      return `${name} ${where} — ${style.health('failed', `${healthGlyphs.failed} no data`)}: ${cluster.error?.message ?? 'the refresh failed'}`;
  }
}

/** What the cluster refused while the rest was read, one line each under its heading. */
function clusterWarnings(cluster: KafkaClusterStatus, style: TerminalStyle): string[] {
  return cluster.warnings.map((warning) =>
    style.health('degraded', `  ${healthGlyphs.degraded} ${warning.message} (${warning.code})`),
  );
}

/** Said only when Burrow's windows are not fed by the commit log, or while it is still being read. */
function commitSourceNote(cluster: KafkaClusterStatus, style: TerminalStyle): string {
  if (cluster.commitSource === 'commit-log') {
    return cluster.commitSourceNote ? style.dim(` (${cluster.commitSourceNote})`) : '';
  }
  const why = cluster.commitSourceNote ? `: ${cluster.commitSourceNote}` : '';
  return ` — ${style.health('degraded', 'commits from offset polls')}${why}`;
}

function findingsCell(findings: readonly ConsoleFinding[], style: TerminalStyle): CellInput {
  const first = findings[0];
  if (!first) return '-';
  const health: HealthState = first.severity === 'error' ? 'failed' : 'degraded';
  const more = findings.length > 1 ? ` +${findings.length - 1}` : '';
  return {
    text: `⚑ ${consoleFindingShortNames[first.kind]}${more}`,
    paint: (text) => style.health(health, text),
  };
}

function statusCell(status: GroupStatus | PartitionStatus, style: TerminalStyle): CellInput {
  const health = statusHealth[status];
  return { text: `${healthGlyphs[health]} ${status}`, paint: (text) => style.health(health, text) };
}

/**
 * Burrow calls a window too empty to judge OK; the console does not vouch for that, so a group
 * with nothing judged yet reads "not judged" until its windows fill.
 */
function groupStatusCell(group: GroupLagSummary, style: TerminalStyle): CellInput {
  if (group.burrowStatus === 'OK' && group.severity === 'unknown')
    return { text: `${healthGlyphs.stale} not judged`, paint: (text) => style.health('stale', text) };
  return statusCell(group.burrowStatus, style);
}

function groupRow(group: GroupLagSummary, style: TerminalStyle): CellInput[] {
  const lagKnown = group.maxLag !== null;
  return [
    group.groupId,
    groupStatusCell(group, style),
    findingsCell(group.findings, style),
    group.lagUnknown ? 'unknown' : lagKnown ? formatCount(group.totalLag) : 'no commit',
    group.maxLag ? `${group.maxLag.topic}/${group.maxLag.partition}: ${formatCount(group.maxLag.lag)}` : '-',
    !lagKnown
      ? '-'
      : group.lagSeconds === null
        ? group.totalLag === 0
          ? '0s'
          : measuring
        : compactDuration(group.lagSeconds * 1000),
    describeTrend(group.trend),
    describeEta(group.eta),
    group.memberCount === null ? '?' : String(group.memberCount),
    group.ownerService ?? '-',
  ];
}

export function describeTrend(trend: LagTrend): string {
  switch (trend) {
    case 'growing':
      return '↑ growing';
    case 'draining':
      return '↓ draining';
    case 'flat':
      return '→ flat';
    case 'unknown':
      return measuring;
  }
}

/** "2m 10s", "never", "caught up", or "measuring…" until the rates are known. */
export function describeEta(eta: DrainEta): string {
  switch (eta.kind) {
    case 'caught-up':
      return 'caught up';
    case 'eta':
      return compactDuration(eta.seconds * 1000);
    case 'never':
      return 'never';
    case 'unknown':
      return measuring;
  }
}
