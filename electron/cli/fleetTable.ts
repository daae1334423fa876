import type { ClusterStatus, FleetSnapshot, ServiceSummary } from '../../shared/fleet/fleetModel';
import { spokenDuration } from '../../shared/time/durationText';
import { revisionLabel } from '../../shared/fleet/ecsArns';
import { healthGlyphs } from '../../shared/fleet/healthGlyphs';
import { pollCadenceText } from '../../shared/fleet/pollCadenceText';
import { renderTable, type CellInput, type TableColumn } from './textTable';
import type { TerminalStyle } from './terminalStyle';

/** The fleet as `cli services` prints it: one heading and one table per environment and cluster. */

const columns: TableColumn[] = [
  { header: 'SERVICE' },
  { header: 'HEALTH' },
  { header: 'RUN/DES/PEND', align: 'right' },
  { header: 'TASK DEF' },
  { header: 'IMAGE TAG' },
  { header: 'ROLLOUT' },
  { header: 'NEWEST EVENT', shrink: true },
];

export function renderFleetTables(
  snapshot: FleetSnapshot,
  options: { width: number; style: TerminalStyle },
): string {
  const { style } = options;
  const blocks: string[] = [];
  for (const cluster of snapshot.clusters) {
    const services = snapshot.services.filter(
      (s) => s.environment === cluster.environment && s.clusterName === cluster.clusterName,
    );
    const lines = [clusterHeading(cluster, snapshot.generatedAt, style)];
    if (services.length > 0) {
      const rows = services.map((service) => serviceRow(service, style));
      const table = renderTable(columns, rows, {
        width: options.width,
        indent: '  ',
        paintHeader: style.dim,
      });
      lines.push(table[0]!);
      services.forEach((service, index) => {
        lines.push(table[index + 1]!);
        // The reason is what tells on-call what to look at; healthy rows need none.
        if (service.health !== 'healthy') lines.push(style.dim(`    ↳ ${service.healthReason}`));
      });
    } else if (cluster.state === 'ok') {
      lines.push(style.dim('  no services'));
    }
    blocks.push(lines.join('\n'));
  }
  return `${blocks.join('\n\n')}\n`;
}

function clusterHeading(cluster: ClusterStatus, generatedAt: number, style: TerminalStyle): string {
  const name = style.bold(`${cluster.environment} / ${cluster.clusterName}`);
  switch (cluster.state) {
    case 'ok':
      return `${name} — ${cluster.serviceCount} services, ${pollCadenceText(cluster)}`;
    case 'stale': {
      if (cluster.lastSuccessAt === null) return `${name} — ${style.health('stale', 'not polled yet')}`;
      const age = spokenDuration(generatedAt - cluster.lastSuccessAt, { finestUnit: 'second' });
      return `${name} — ${style.health('stale', `${healthGlyphs.stale} stale, data ${age} old`)}: ${cluster.error?.message ?? 'the last poll failed'} (retrying in ${spokenDuration(cluster.pollIntervalMs)})`;
    }
    case 'error':
      return `${name} — ${style.health('failed', `${healthGlyphs.failed} no data`)}: ${cluster.error?.message ?? 'the poll failed'}`;
  }
}

function serviceRow(service: ServiceSummary, style: TerminalStyle): CellInput[] {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY');
  const rollout = primary?.rolloutState ?? '-';
  return [
    service.serviceName,
    {
      text: `${healthGlyphs[service.health]} ${service.health}`,
      paint: (text) => style.health(service.health, text),
    },
    `${service.runningCount}/${service.desiredCount}/${service.pendingCount}`,
    revisionLabel(service),
    service.imageTag ?? '-',
    service.deployments.length > 1 ? `${rollout} (${service.deployments.length} deployments)` : rollout,
    service.newestEvent ? withoutServicePrefix(service.newestEvent.message, service.serviceName) : '-',
  ];
}

/** ECS starts every event with "(service name)", which the row already says. */
function withoutServicePrefix(message: string, serviceName: string): string {
  const prefix = `(service ${serviceName}) `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
