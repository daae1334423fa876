import { consoleFindingNames } from '../../../shared/kafka/consoleFindings';
import { formatCount } from '../../../shared/kafka/lagWords';
import type {
  ConsoleFindingKind,
  GroupLagSummary,
  GroupStatus,
  KafkaClusterStatus,
  LagEvent,
  LagSeverity,
} from '../../../shared/kafka/kafkaModel';
import type { TimelineEntry } from '../../../shared/timeline/timelineModel';

/**
 * Consumer groups changing how they are judged: Burrow's status (OK → WARN → ERR and back)
 * or the console's findings (a finding appearing or going), the entry's severity being the
 * group's severity, the worse of the two. A group not yet judged (severity unknown) is no
 * change: a group that goes unknown and comes back as it was is not news, and a group's
 * first judgement after the console starts is recorded only when it is a problem.
 */

type JudgedSeverity = Exclude<LagSeverity, 'unknown'>;

interface Judgement {
  burrowStatus: GroupStatus;
  findings: ConsoleFindingKind[];
  severity: JudgedSeverity;
}

export class LagChangeTracker {
  /** How each group was last judged, by group key. */
  private readonly judged = new Map<string, Judgement>();
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
    if (group.severity === 'unknown') return null;
    const now: Judgement = {
      burrowStatus: group.burrowStatus,
      findings: group.findings.map((finding) => finding.kind).sort(),
      severity: group.severity,
    };
    const before = this.judged.get(group.key);
    this.judged.set(group.key, now);
    if (before && sameJudgement(before, now)) return null;
    if (before === undefined && now.severity === 'ok') return null;
    return lagEntry(group, now, before ?? null, this.clusters.get(group.kafkaCluster)?.environment ?? null);
  }
}

function sameJudgement(a: Judgement, b: Judgement): boolean {
  return (
    a.burrowStatus === b.burrowStatus &&
    a.severity === b.severity &&
    a.findings.length === b.findings.length &&
    a.findings.every((kind, index) => kind === b.findings[index])
  );
}

function lagEntry(
  group: GroupLagSummary,
  now: Judgement,
  before: Judgement | null,
  environment: string | null,
): TimelineEntry {
  const who =
    group.ownerService === null || group.ownerService === group.groupId ? '' : ` (${group.ownerService})`;
  const change =
    before === null || before.burrowStatus === now.burrowStatus
      ? now.burrowStatus
      : `${before.burrowStatus} → ${now.burrowStatus}`;
  const found =
    group.findings.length > 0
      ? ` — ${group.findings.map((finding) => consoleFindingNames[finding.kind]).join(', ')}`
      : '';
  const title =
    now.severity === 'ok'
      ? `consumer group ${group.groupId}${who} back to OK: lag ${formatCount(group.totalLag)}`
      : `consumer group ${group.groupId}${who} lag ${change}: ${formatCount(group.totalLag)} behind${found}`;
  return {
    id: `lag|${group.key}|${now.burrowStatus}|${now.findings.join('+')}|${group.observedAt}`,
    at: group.observedAt,
    kind: 'lag-status',
    severity: now.severity === 'error' ? 'error' : now.severity === 'warn' ? 'warning' : 'ok',
    environment,
    cluster: group.kafkaCluster,
    service: group.ownerService,
    group: group.groupId,
    title,
    detail: group.statusReason,
  };
}
