import { formatCount } from '../../../shared/kafka/lagWords';
import { lazy, Suspense } from 'react';
import type { GroupLagDetails, GroupLagSummary } from '../../../shared/kafka/kafkaModel';
import { DetailPanelFrame } from '../app/DetailPanelFrame';
import { describeError } from '../app/errorText';
import { spokenDuration } from '../../../shared/time/durationText';
import { LocalTime } from '../app/LocalTime';
import { MembersTable, PartitionsTable } from './GroupPartitions';
import { summarizeTopics } from './groupPartitions';
import {
  findingPresentation,
  partitionStatusPresentation,
  severityPresentation,
} from '../../../shared/kafka/lagPresentation';
import { FindingsChip, GroupStatusBadge, PartitionStatusBadge } from './LagStatusBadge';
import { useLag, useLagStore } from './lagStoreContext';
import {
  describeEta,
  describeLagSeconds,
  describeMaxLag,
  describeTrend,
  explainEta,
  formatRate,
} from './lagText';
import { OwnerServiceLink } from './OwnerServiceLink';
import { groupDetailsRefreshMs, useGroupDetails } from './useGroupDetails';

/** recharts is a large share of the renderer: it loads only when a group's details first open. */
const LagHistoryChart = lazy(() =>
  import('./LagHistoryChart').then((module) => ({ default: module.LagHistoryChart })),
);

/** The selected group in full: the summary from the live store, partitions and members fetched while open. */
export function GroupDetailPanel() {
  const store = useLagStore();
  const group = useLag((state) =>
    state.selectedKey === null ? undefined : state.groups.get(state.selectedKey),
  );
  const close = () => store.getState().closeDetail();

  return (
    <DetailPanelFrame
      testId="lag-detail"
      label="Consumer group details"
      onClose={close}
      missingText="This consumer group is no longer reported."
      heading={
        group ? (
          <>
            <GroupStatusBadge status={group.burrowStatus} reason={group.burrowReason} />
            <FindingsChip findings={group.findings} />
            <h2 className="detail-title" title={group.groupId}>
              {group.groupId}
            </h2>
          </>
        ) : (
          <h2 className="detail-title">Consumer group</h2>
        )
      }
    >
      {group ? <GroupDetailBody key={group.key} group={group} /> : null}
    </DetailPanelFrame>
  );
}

function GroupDetailBody({ group }: { group: GroupLagSummary }) {
  const details = useGroupDetails(group.kafkaCluster, group.groupId);
  return (
    <div className="detail-body">
      <StatusReason group={group} />
      <GroupFacts group={group} />

      <section className="detail-section">
        <h3>Total lag</h3>
        <TotalLagChart history={group.history} />
      </section>

      <section className="detail-section">
        <h3>Topics</h3>
        <TopicsList group={group} details={details.data} />
      </section>

      {details.isPending && (
        <p className="detail-message" role="status">
          Loading partitions and members…
        </p>
      )}
      {details.isError && (
        <p className="detail-message error-text" role="alert">
          Could not load partitions and members: {describeError(details.error)}
          {details.data ? ' — showing the last ones loaded.' : ''}
        </p>
      )}
      {details.data && (
        <>
          <section className="detail-section">
            <h3>Partitions</h3>
            <PartitionsTable partitions={details.data.partitions} />
          </section>
          <section className="detail-section">
            <h3>Members</h3>
            {group.membersUnknown ? (
              <p className="muted">Members unknown: {group.membersUnknown.message}</p>
            ) : (
              <MembersTable members={details.data.members} />
            )}
          </section>
          <p className="muted small">
            Fetched at <LocalTime at={details.dataUpdatedAt} />, refreshed every{' '}
            {spokenDuration(groupDetailsRefreshMs)}
            while open.
          </p>
        </>
      )}
    </div>
  );
}

function TotalLagChart({ history }: { history: GroupLagSummary['history'] }) {
  if (history.length < 2) {
    return <p className="muted">Not enough history yet for a chart.</p>;
  }
  return (
    <Suspense
      fallback={
        <div className="lag-history-chart chart-loading" role="status">
          Loading the chart…
        </div>
      }
    >
      <LagHistoryChart history={history} />
    </Suspense>
  );
}

/**
 * Why the group is where it is, in two parts that never share a word: Burrow's status with
 * its reason and worst partition spelled out, then what the console found beside it.
 */
function StatusReason({ group }: { group: GroupLagSummary }) {
  const worst = group.worstPartition;
  return (
    <div
      className="health-reason status-reason"
      data-testid="lag-status-reason"
      data-severity={group.severity}
    >
      <p data-testid="burrow-reason">
        <span className="muted">Burrow </span>
        <GroupStatusBadge status={group.burrowStatus} reason={group.burrowReason} /> {group.burrowReason}
      </p>
      {worst && worst.burrowStatus !== 'OK' && (
        <p className="small">
          Worst partition: <span className="mono">{`${worst.topic}/${worst.partition}`}</span>{' '}
          <PartitionStatusBadge status={worst.burrowStatus} /> —{' '}
          <span className="muted">{partitionStatusPresentation[worst.burrowStatus].meaning}</span>
        </p>
      )}
      {group.findings.length > 0 && (
        <>
          <p className="small muted">Found by the console, beside Burrow&rsquo;s status:</p>
          <ul className="finding-list">
            {group.findings.map((finding) => (
              <li key={finding.kind} data-testid="console-finding" data-kind={finding.kind}>
                <span className={`lag-severity-${finding.severity}`}>
                  <span className="status-glyph" aria-hidden="true">
                    {severityPresentation[finding.severity].glyph}
                  </span>{' '}
                  {severityPresentation[finding.severity].word}
                </span>{' '}
                {finding.summary}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function GroupFacts({ group }: { group: GroupLagSummary }) {
  return (
    <dl className="detail-facts">
      <dt>Kafka cluster</dt>
      <dd>{group.kafkaCluster}</dd>
      <dt>Owner service</dt>
      <dd>
        {group.ownerService ? (
          <OwnerServiceLink serviceName={group.ownerService} kafkaCluster={group.kafkaCluster} />
        ) : (
          <span className="muted">not known</span>
        )}
      </dd>
      <dt>State</dt>
      <dd>
        {group.state} ·{' '}
        {group.memberCount === null
          ? 'members unknown'
          : `${group.memberCount} ${group.memberCount === 1 ? 'member' : 'members'}`}
      </dd>
      <dt>Total lag</dt>
      <dd className="mono">{group.lagUnknown ? 'unknown' : `${formatCount(group.totalLag)} messages`}</dd>
      <dt>Max lag</dt>
      <dd className="mono">{describeMaxLag(group.maxLag)}</dd>
      <dt>Behind</dt>
      <dd className="mono">{describeLagSeconds(group)}</dd>
      <dt>Trend</dt>
      <dd className={`trend-${group.trend}`}>{describeTrend(group.trend)}</dd>
      <dt>ETA</dt>
      <dd className={`eta-${group.eta.kind}`}>
        {describeEta(group.eta)} <span className="muted small">{explainEta(group.eta)}</span>
      </dd>
      <dt>Rates</dt>
      <dd className="mono">
        consumes {formatRate(group.consumeRate)} · produced {formatRate(group.produceRate)}
      </dd>
      <dt>Partitions</dt>
      <dd>
        {group.partitionCount}
        {group.partitionsWithoutCommit > 0 && (
          <span className="muted"> · {group.partitionsWithoutCommit} without a commit</span>
        )}
        <span className="muted"> · Burrow's window full on {Math.round(group.complete * 100)}%</span>
      </dd>
    </dl>
  );
}

/** The group's topics with their lag, each with a way to watch its messages go by. */
function TopicsList({ group, details }: { group: GroupLagSummary; details: GroupLagDetails | undefined }) {
  const store = useLagStore();
  const topics = summarizeTopics(group.topics, details?.partitions ?? []);
  if (topics.length === 0) return <p className="muted">The group has no committed topics.</p>;
  return (
    <ul className="topic-list">
      {topics.map((topic) => (
        <li key={topic.topic} data-testid="group-topic" data-topic={topic.topic}>
          <span className="topic-name break">{topic.topic}</span>
          {details && (
            <span className="muted mono small">
              {topic.partitions} part. · lag {formatCount(topic.lag)}
              {topic.withoutCommit > 0 ? ` · ${topic.withoutCommit} no commit` : ''}
            </span>
          )}
          {details && topic.worst !== 'OK' && <PartitionStatusBadge status={topic.worst} />}
          {details && topic.findings.length > 0 && (
            <span className="muted small">
              ⚑ {topic.findings.map((kind) => findingPresentation[kind].short).join(', ')}
            </span>
          )}
          <button
            type="button"
            className="button small-button"
            data-testid="tail-topic"
            title={`Watch new messages on ${topic.topic}`}
            onClick={() =>
              store.getState().openTail({ kafkaCluster: group.kafkaCluster, topic: topic.topic })
            }
          >
            Tail
          </button>
        </li>
      ))}
    </ul>
  );
}
