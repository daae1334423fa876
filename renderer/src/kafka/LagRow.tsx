import { formatCount } from '../../../shared/kafka/lagWords';
import { memo } from 'react';
import { LiveRowFrame } from '../app/LiveTable';
import {
  describeEta,
  describeGroupState,
  describeLagSeconds,
  describeMaxLag,
  describeTrend,
  explainEta,
} from './lagText';
import { useLag, useLagStore } from './lagStoreContext';
import { FindingsChip, GroupStatusBadge } from './LagStatusBadge';
import { LagSparkline } from './LagSparkline';
import { OwnerServiceLink } from './OwnerServiceLink';

/** DOM id of a group row, for the table's aria-activedescendant. */
export function lagRowId(key: string): string {
  return `lag-row-${encodeURIComponent(key)}`;
}

/**
 * One consumer group. It reads its own group from the store by key, so a delta that
 * changes another group, or the table re-rendering around it, leaves this row alone.
 */
export const LagRow = memo(function LagRow({
  groupKey,
  top,
  height,
}: {
  groupKey: string;
  top: number;
  height: number;
}) {
  const store = useLagStore();
  const group = useLag((state) => state.groups.get(groupKey));
  const selected = useLag((state) => state.selectedKey === groupKey);
  if (!group) return null;

  return (
    <LiveRowFrame
      domId={lagRowId(groupKey)}
      selected={selected}
      className="group-row"
      failed={group.severity === 'error'}
      top={top}
      height={height}
      onOpen={() => store.getState().openDetail(groupKey)}
      data-testid="lag-row"
      data-group={group.groupId}
      data-cluster={group.kafkaCluster}
      data-burrow-status={group.burrowStatus}
      data-severity={group.severity}
      data-findings={group.findings.map((finding) => finding.kind).join(' ')}
      data-total-lag={group.totalLag}
      data-eta-kind={group.eta.kind}
      data-trend={group.trend}
    >
      <div role="gridcell" className="cell col-status">
        <GroupStatusBadge
          status={group.burrowStatus}
          reason={group.burrowReason}
          notJudged={group.severity === 'unknown'}
        />
        <FindingsChip findings={group.findings} />
      </div>
      <div role="gridcell" className="cell col-cluster" title={group.kafkaCluster}>
        {group.kafkaCluster}
      </div>
      <div role="gridcell" className="cell" title={`${group.groupId} — ${group.statusReason}`}>
        <span className="group-name">{group.groupId}</span>
      </div>
      <div role="gridcell" className="cell col-owner">
        {group.ownerService ? (
          <OwnerServiceLink serviceName={group.ownerService} kafkaCluster={group.kafkaCluster} />
        ) : (
          <span className="muted">—</span>
        )}
      </div>
      <div role="gridcell" className="cell col-state" title={group.state}>
        {describeGroupState(group.state)}
      </div>
      <div
        role="gridcell"
        className="cell num mono"
        title={group.lagUnknown ? group.lagUnknown.message : `${formatCount(group.totalLag)} messages behind`}
      >
        {group.lagUnknown ? 'unknown' : formatCount(group.totalLag)}
      </div>
      <div role="gridcell" className="cell col-max mono" title="The partition with the most lag">
        {describeMaxLag(group.maxLag)}
      </div>
      <div role="gridcell" className="cell mono">
        {describeLagSeconds(group)}
      </div>
      <div role="gridcell" className={`cell col-trend trend-${group.trend}`}>
        {describeTrend(group.trend)}
      </div>
      <div role="gridcell" className={`cell eta-${group.eta.kind}`} title={explainEta(group.eta)}>
        {describeEta(group.eta)}
      </div>
      <div
        role="gridcell"
        className="cell num mono col-members"
        title={
          group.membersUnknown ? `Members unknown: ${group.membersUnknown.message}` : 'Members of the group'
        }
      >
        {group.memberCount ?? '?'}
      </div>
      <div role="gridcell" className={`cell col-history lag-severity-${group.severity}`}>
        <LagSparkline history={group.history} />
      </div>
    </LiveRowFrame>
  );
});
