import { formatCount } from '../../../shared/kafka/lagWords';
import type { GroupLagDetails, PartitionLag } from '../../../shared/kafka/kafkaModel';
import { describePartitionList, sortPartitions } from './groupPartitions';
import { findingPresentation } from '../../../shared/kafka/lagPresentation';
import { PartitionStatusBadge } from './LagStatusBadge';

/** Every partition of the group: offsets, lag, Burrow's status, the console's findings and which member owns it. */
export function PartitionsTable({ partitions }: { partitions: readonly PartitionLag[] }) {
  if (partitions.length === 0) return <p className="muted">No partitions reported.</p>;
  return (
    <table className="detail-table partitions-table">
      <thead>
        <tr>
          <th>Topic</th>
          <th className="num">Part.</th>
          <th className="num">Committed</th>
          <th className="num">End</th>
          <th className="num">Lag</th>
          <th title="Burrow's status">Burrow</th>
          <th title="Found by the console, beside Burrow's status">Findings</th>
          <th>Owner</th>
        </tr>
      </thead>
      <tbody>
        {sortPartitions(partitions).map((partition) => (
          <tr
            key={`${partition.topic}/${partition.partition}`}
            className={`partition-row partition-${partition.burrowStatus.toLowerCase()}`}
            data-testid="partition-row"
            data-topic={partition.topic}
            data-partition={partition.partition}
            data-burrow-status={partition.burrowStatus}
            data-findings={partition.findings.join(' ')}
          >
            <td className="break">{partition.topic}</td>
            <td className="num mono">{partition.partition}</td>
            <td className="num mono">
              {partition.committedOffset === null ? (
                <span className="muted">no commit</span>
              ) : (
                formatCount(partition.committedOffset)
              )}
            </td>
            <td className="num mono">
              {partition.endOffset === null ? '—' : formatCount(partition.endOffset)}
            </td>
            <td className="num mono">{partition.lag === null ? '—' : formatCount(partition.lag)}</td>
            <td
              title={`Burrow's window ${Math.round(partition.complete * 100)}% full${partition.judged ? '' : ': too few commits to judge'}`}
            >
              <PartitionStatusBadge status={partition.burrowStatus} />
              {!partition.judged && partition.committedOffset !== null && (
                <span className="muted small"> ({Math.round(partition.complete * 100)}%)</span>
              )}
            </td>
            <td
              className="small"
              title={partition.findings.map((kind) => findingPresentation[kind].name).join(', ') || undefined}
            >
              {partition.findings.length === 0 ? (
                <span className="muted">—</span>
              ) : (
                partition.findings.map((kind) => findingPresentation[kind].short).join(', ')
              )}
            </td>
            <td className="owner-cell">
              {partition.owner ? (
                <span title={`member ${partition.owner.memberId}`}>
                  {partition.owner.clientId}
                  <span className="muted"> @ {partition.owner.host}</span>
                </span>
              ) : (
                <span className="muted">unassigned</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The group's members and the partitions each one is assigned. */
export function MembersTable({ members }: { members: GroupLagDetails['members'] }) {
  if (members.length === 0) {
    return <p className="muted">No members: nobody is consuming for this group right now.</p>;
  }
  return (
    <table className="detail-table members-table">
      <thead>
        <tr>
          <th>Client</th>
          <th>Host</th>
          <th>Assignments</th>
        </tr>
      </thead>
      <tbody>
        {members.map((member) => (
          <tr key={member.memberId} data-testid="member-row">
            <td className="mono" title={`member ${member.memberId}`}>
              {member.clientId}
            </td>
            <td className="mono">{member.host}</td>
            <td>
              {member.assignments.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                member.assignments.map((assignment) => (
                  <div key={assignment.topic} className="assignment">
                    <span className="break">{assignment.topic}</span>
                    <span className="muted mono">: {describePartitionList(assignment.partitions)}</span>
                  </div>
                ))
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
