import { formatCount } from '../../../shared/kafka/lagWords';
import type {
  GroupLagSummary,
  GroupStatus,
  KafkaClusterStatus,
  LagEvent,
} from '../../../shared/kafka/kafkaModel';
import type { TimelineEntry } from '../../../shared/timeline/timelineModel';

/**
 * Consumer groups changing status: OK → WARN → ERR and back. UNKNOWN (not enough history to
 * judge) is no change: a group that goes UNKNOWN and comes back with the status it had is
 * not news, and a group's first judged status after the console starts is recorded only
 * when it is a problem.
 */

type JudgedStatus = Exclude<GroupStatus, 'UNKNOWN'>;

export class LagChangeTracker {
  /** The last status each group was judged to have, by group key. */
  private readonly judged = new Map<string, JudgedStatus>();
  private readonly clusters = new Map<string, KafkaClusterStatus>();

  receive(event: LagEvent): TimelineEntry[] {
    const clusters = event.type === 'snapshot' ? event.snapshot.clusters : event.delta.clusters;
    for (const cluster of clusters) this.clusters.set(cluster.name, cluster);
    const groups = event.type === 'snapshot' ? event.snapshot.groups : event.delta.upserted;
    const entries: TimelineEntry[] = [];
    for (const group of groups) {
      const entry = this.change(group);
      if (entry) entries.push(entry);
    }
    if (event.type === 'delta') for (const key of event.delta.removed) this.judged.delete(key);
    return entries;
  }

  private change(group: GroupLagSummary): TimelineEntry | null {
    if (group.status === 'UNKNOWN') return null;
    const before = this.judged.get(group.key);
    this.judged.set(group.key, group.status);
    if (before === group.status) return null;
    if (before === undefined && group.status === 'OK') return null;
    return lagEntry(group, before ?? null, this.clusters.get(group.kafkaCluster)?.environment ?? null);
  }
}

function lagEntry(
  group: GroupLagSummary,
  before: JudgedStatus | null,
  environment: string | null,
): TimelineEntry {
  const status = group.status as JudgedStatus;
  const who =
    group.ownerService === null || group.ownerService === group.groupId ? '' : ` (${group.ownerService})`;
  const change = before === null ? status : `${before} → ${status}`;
  const title =
    status === 'OK'
      ? `consumer group ${group.groupId}${who} back to OK: lag ${formatCount(group.totalLag)}`
      : `consumer group ${group.groupId}${who} lag ${change}: ${formatCount(group.totalLag)} behind`;
  return {
    id: `lag|${group.key}|${status}|${group.observedAt}`,
    at: group.observedAt,
    kind: 'lag-status',
    severity: status === 'ERR' ? 'error' : status === 'WARN' ? 'warning' : 'ok',
    environment,
    cluster: group.kafkaCluster,
    service: group.ownerService,
    group: group.groupId,
    title,
    detail: group.statusReason,
  };
}
