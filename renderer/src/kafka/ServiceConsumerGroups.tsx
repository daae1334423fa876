import { formatCount } from '../../../shared/kafka/lagWords';
import { useMemo, type MouseEvent } from 'react';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import type { GroupLagSummary } from '../../../shared/kafka/kafkaModel';
import { useOpenConsumerGroup } from '../app/crossLinks';
import { hashForView } from '../app/views';
import { compareGroups, defaultLagSort } from '../../../shared/kafka/lagSort';
import { FindingsChip, GroupStatusBadge } from './LagStatusBadge';
import { useWholeCollection } from '../app/useWholeCollection';
import { kafkaLagUpdates } from '../../../shared/ipc/kafka';
import { lagCollection } from './lagStore';
import { describeEta, describeLagSeconds } from './lagText';

/**
 * The consumer groups a service owns, worst first, for its detail panel: a group in a
 * Kafka cluster of another environment belongs to the same-named service there.
 */
export function ServiceConsumerGroups({ service }: { service: ServiceSummary }) {
  // A service's groups may be anywhere in the lag table: the panel reads every group while shown.
  const lag = useWholeCollection(kafkaLagUpdates, lagCollection);
  const loaded = lag !== null;
  const clusters = useMemo(
    () => new Map((lag?.clusters ?? []).map((cluster) => [cluster.name, cluster])),
    [lag?.clusters],
  );
  const openGroup = useOpenConsumerGroup();

  const owned = useMemo(() => {
    const list: GroupLagSummary[] = [];
    for (const group of lag?.groups ?? []) {
      if (group.ownerService !== service.serviceName) continue;
      const environment = clusters.get(group.kafkaCluster)?.environment ?? null;
      if (environment !== null && environment !== service.environment) continue;
      list.push(group);
    }
    return list.sort(compareGroups(defaultLagSort));
  }, [lag?.groups, clusters, service.serviceName, service.environment]);

  if (!loaded) return <p className="muted">Consumer lag has not arrived yet.</p>;
  if (clusters.size === 0) return <p className="muted">No Kafka cluster is configured.</p>;
  if (owned.length === 0) return <p className="muted">This service owns no consumer group.</p>;

  const open = (event: MouseEvent, key: string) => {
    event.preventDefault();
    openGroup(key);
  };
  return (
    <table className="detail-table" data-testid="service-consumer-groups">
      <thead>
        <tr>
          <th>Status</th>
          <th>Group</th>
          <th className="num">Lag</th>
          <th>Behind</th>
          <th>ETA</th>
        </tr>
      </thead>
      <tbody>
        {owned.map((group) => (
          <tr
            key={group.key}
            data-testid="service-consumer-group"
            data-group={group.groupId}
            data-burrow-status={group.burrowStatus}
            data-severity={group.severity}
          >
            <td className="col-status">
              <GroupStatusBadge status={group.burrowStatus} reason={group.burrowReason} />
              <FindingsChip findings={group.findings} />
            </td>
            <td>
              <a
                href={hashForView('lag')}
                className="service-link"
                onClick={(event) => open(event, group.key)}
                title={`Open ${group.groupId} in the lag view — ${group.statusReason}`}
              >
                {group.groupId}
              </a>
              <div className="muted small">{group.kafkaCluster}</div>
            </td>
            <td className="num mono">{group.lagUnknown ? 'unknown' : formatCount(group.totalLag)}</td>
            <td className="mono">{describeLagSeconds(group)}</td>
            <td>{describeEta(group.eta)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
