import { memo } from 'react';
import type { KafkaClusterStatus } from '../../../shared/kafka/kafkaModel';
import { DataAge } from '../app/DataAge';
import { spokenDuration } from '../../../shared/time/durationText';
import { lagSeveritiesByRank } from '../../../shared/kafka/lagSeverity';
import { severityPresentation } from '../../../shared/kafka/lagPresentation';
import { useLag } from './lagStoreContext';
import type { GroupSeverityCounts } from '../../../shared/kafka/lagRows';

/** A Kafka cluster's name, whether its lag data is current, and how its groups are doing. */
export const LagClusterHeader = memo(function LagClusterHeader({
  clusterName,
  top,
  height,
}: {
  clusterName: string;
  top: number;
  height: number;
}) {
  const cluster = useLag((state) => state.clusters.get(clusterName));
  const counts = useLag((state) => state.severityCounts.get(clusterName));
  const state = cluster?.state ?? 'error';
  return (
    <div
      role="row"
      className={`virtual-row cluster-header cluster-${state}`}
      style={{ transform: `translateY(${top}px)`, height }}
      data-testid="lag-cluster-header"
      data-cluster={clusterName}
      data-state={state}
    >
      <div role="rowheader" className="cluster-name" title={cluster ? cluster.brokers.join(', ') : undefined}>
        {clusterName}
        {cluster?.environment && <span className="muted cluster-environment"> · {cluster.environment}</span>}
      </div>
      <KafkaClusterState cluster={cluster} />
      <CommitSource cluster={cluster} />
      <div className="cluster-counts">{describeCounts(counts)}</div>
    </div>
  );
});

function KafkaClusterState({ cluster }: { cluster: KafkaClusterStatus | undefined }) {
  const offset = useLag((state) => state.mainClockOffsetMs);
  if (!cluster) {
    return <div className="cluster-state">✖ no status from main for this Kafka cluster</div>;
  }
  if (cluster.state === 'ok') {
    // What the brokers refused while the rest was read: ListGroups denied, a topic's offsets.
    const refused = cluster.warnings.map((w) => `${w.message} (${w.code})`).join('; ');
    return (
      <div className="cluster-state" title={refused || undefined} data-testid="lag-cluster-warnings">
        <span aria-hidden="true">✓</span> ok
        <span className="muted"> · {achievedRefresh(cluster)}</span>
        {refused && <span> · ⚠ {refused}</span>}
      </div>
    );
  }
  const message = cluster.error
    ? `${cluster.error.message} (${cluster.error.code})`
    : 'the last lag read failed';
  if (cluster.state === 'stale') {
    return (
      <div className="cluster-state" title={message}>
        <span aria-hidden="true">○</span> stale ·{' '}
        <DataAge lastSuccessAt={cluster.lastSuccessAt} clockOffsetMs={offset} /> · {message}
      </div>
    );
  }
  return (
    <div className="cluster-state" title={message}>
      <span aria-hidden="true">✖</span> error · {message}
    </div>
  );
}

/** Where Burrow's windows get their commits: the commit log, or polls when it cannot be read. */
function CommitSource({ cluster }: { cluster: KafkaClusterStatus | undefined }) {
  if (!cluster || cluster.lastSuccessAt === null) return null;
  const fromLog = cluster.commitSource === 'commit-log';
  return (
    <div
      className={`cluster-commit-source${fromLog ? ' muted' : ' lag-severity-warn'}`}
      data-testid="commit-source"
      data-source={cluster.commitSource}
      title={cluster.commitSourceNote ?? undefined}
    >
      {fromLog ? 'commits from __consumer_offsets' : 'commits from offset polls'}
      {cluster.commitSourceNote && <span className="muted"> · {cluster.commitSourceNote}</span>}
    </div>
  );
}

function describeCounts(counts: GroupSeverityCounts | undefined): string {
  if (!counts) return 'no consumer groups';
  const total = lagSeveritiesByRank.reduce((sum, severity) => sum + counts[severity], 0);
  const parts = lagSeveritiesByRank
    .filter((severity) => counts[severity] > 0)
    .map((severity) => {
      const { glyph, word } = severityPresentation[severity];
      return `${counts[severity]} ${glyph} ${word}`;
    });
  return `${total} ${total === 1 ? 'group' : 'groups'}: ${parts.join(' · ')}`;
}

/** What the reads achieved, never what they were set to promise: the time between the last two. */
function achievedRefresh(cluster: KafkaClusterStatus): string {
  const achieved = cluster.achievedRefreshMs ?? null;
  if (achieved === null) return 'first lag read';
  const text = `last lag reads ${spokenDuration(achieved)} apart`;
  // Slower than set: the refresh overran its interval, and the header says by how much.
  return achieved > cluster.refreshIntervalMs * 1.5
    ? `${text} (set to every ${spokenDuration(cluster.refreshIntervalMs)})`
    : text;
}
