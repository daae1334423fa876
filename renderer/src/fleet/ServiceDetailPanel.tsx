import { useQuery } from '@tanstack/react-query';
import { revisionLabel } from '../../../shared/fleet/ecsArns';
import type { ServiceDetails, ServiceSummary, TaskSummary } from '../../../shared/fleet/fleetModel';
import { fleetServiceDetails } from '../../../shared/ipc/fleet';
import { ServiceActions } from '../actions/ServiceActions';
import { useConsoleClient } from '../app/consoleClientContext';
import { DetailPanelFrame } from '../app/DetailPanelFrame';
import { describeError } from '../app/errorText';
import { queryKeys } from '../app/queryKeys';
import { spokenDuration } from '../../../shared/time/durationText';
import { LocalTime, useLocalZone } from '../app/LocalTime';
import { useNow } from '../app/useNow';
import { ServiceConsumerGroups } from '../kafka/ServiceConsumerGroups';
import { OpenLogsLink } from '../logs/OpenLogsLink';
import { RecentChanges } from '../timeline/RecentChanges';
import { describeTaskCounts, orderDeployments } from './deploymentText';
import './fleet.css';
import { useFleet, useFleetStore } from './fleetStoreContext';
import { clusterIdOf } from '../../../shared/fleet/fleetView';
import { HealthBadge } from './HealthBadge';
import { ServiceMetricsSection } from './ServiceMetricsSection';

const detailsRefreshMs = 5_000;

/** The selected service in full: summary from the live store, events and tasks fetched while open. */
export function ServiceDetailPanel() {
  const store = useFleetStore();
  const service = useFleet((state) =>
    state.selectedKey === null ? undefined : state.services.get(state.selectedKey),
  );
  // A service opened from elsewhere is on its way until main has answered a request that holds it.
  const onItsWay = useFleet(
    (state) => state.selectedKey !== null && !(state.answered?.pinned.includes(state.selectedKey) ?? false),
  );
  const close = () => store.getState().closeDetail();

  return (
    <DetailPanelFrame
      testId="service-detail"
      label="Service details"
      onClose={close}
      missingText={onItsWay ? 'Fetching this service…' : 'This service is no longer in the fleet.'}
      heading={
        service ? (
          <>
            <HealthBadge health={service.health} reason={service.healthReason} />
            <h2 className="detail-title">{service.serviceName}</h2>
            <OpenLogsLink service={service} />
          </>
        ) : (
          <h2 className="detail-title">Service details</h2>
        )
      }
    >
      {service ? <ServiceDetailBody key={service.key} service={service} /> : null}
    </DetailPanelFrame>
  );
}

function ServiceDetailBody({ service }: { service: ServiceSummary }) {
  const client = useConsoleClient();
  const details = useQuery({
    queryKey: queryKeys.serviceDetails(service.clusterName, service.serviceName),
    queryFn: ({ signal }) =>
      client.request(
        fleetServiceDetails,
        { clusterName: service.clusterName, serviceName: service.serviceName },
        { signal },
      ),
    refetchInterval: detailsRefreshMs,
  });

  return (
    <div className="detail-body">
      <p className="health-reason">{service.healthReason}</p>
      <ServiceActions service={service} />
      <ServiceFacts service={service} />

      <section className="detail-section">
        <h3>Deployments</h3>
        <DeploymentsTable service={service} />
      </section>

      <ServiceMetricsSection service={service} />

      <section className="detail-section">
        <h3>Recent changes</h3>
        <RecentChanges service={service} />
      </section>

      <section className="detail-section">
        <h3>Consumer groups</h3>
        <ServiceConsumerGroups service={service} />
      </section>

      {details.isPending && (
        <p className="detail-message" role="status">
          Loading events and tasks…
        </p>
      )}
      {details.isError && (
        <p className="detail-message error-text" role="alert">
          Could not load events and tasks: {describeError(details.error)}
          {details.data ? ' — showing the last ones loaded.' : ''}
        </p>
      )}
      {details.data && <DetailsSections details={details.data} />}
    </div>
  );
}

function ServiceFacts({ service }: { service: ServiceSummary }) {
  const now = useNow();
  const offset = useFleet((state) => state.mainClockOffsetMs);
  const cluster = useFleet((state) =>
    state.clusters.get(clusterIdOf(service.environment, service.clusterName)),
  );
  // The store keeps a service's object while only its freshness moves; the cluster's last
  // successful poll is when its services were last seen.
  const observedAt =
    cluster?.state === 'ok' && cluster.lastSuccessAt !== null
      ? Math.max(cluster.lastSuccessAt, service.observedAt)
      : service.observedAt;
  return (
    <dl className="detail-facts">
      <dt>Environment</dt>
      <dd>{service.environment}</dd>
      <dt>Cluster</dt>
      <dd>{service.clusterName}</dd>
      <dt>Status</dt>
      <dd>{service.status}</dd>
      <dt>Tasks</dt>
      <dd className="mono">
        {service.runningCount} running / {service.desiredCount} desired / {service.pendingCount} pending
      </dd>
      <dt>Task definition</dt>
      <dd className="mono" title={service.taskDefinitionArn}>
        {revisionLabel(service)}
      </dd>
      <dt>Image</dt>
      <dd className="mono break">{service.image ?? 'not known yet'}</dd>
      <dt>Observed</dt>
      <dd className="mono">{spokenDuration(now - offset - observedAt, { finestUnit: 'second' })} ago</dd>
    </dl>
  );
}

function DeploymentsTable({ service }: { service: ServiceSummary }) {
  const zone = useLocalZone();
  if (service.deployments.length === 0) return <p className="muted">No deployments reported.</p>;
  return (
    <table className="detail-table">
      <thead>
        <tr>
          <th>Status</th>
          <th>Rollout</th>
          <th>Revision</th>
          <th>Tasks</th>
          <th>Failed</th>
          <th title={zone.description}>Updated</th>
        </tr>
      </thead>
      <tbody>
        {orderDeployments(service.deployments).map((deployment) => (
          <tr key={deployment.id} title={deployment.rolloutStateReason ?? undefined}>
            <td>{deployment.status}</td>
            <td className={`rollout-${(deployment.rolloutState ?? 'none').toLowerCase()}`}>
              {deployment.rolloutState ?? '—'}
              {deployment.rolloutStateReason && (
                <div className="muted small">{deployment.rolloutStateReason}</div>
              )}
            </td>
            <td className="mono">{revisionLabel(deployment)}</td>
            <td className="mono">{describeTaskCounts(deployment)}</td>
            <td className="mono">{deployment.failedTasks}</td>
            <td className="mono">
              {deployment.updatedAt === null ? '—' : <LocalTime at={deployment.updatedAt} date="always" />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DetailsSections({ details }: { details: ServiceDetails }) {
  return (
    <>
      <section className="detail-section">
        <h3>Recent events</h3>
        {details.events.length === 0 ? (
          <p className="muted">No events.</p>
        ) : (
          <ol className="event-list">
            {details.events.map((event) => (
              <li key={event.id}>
                <LocalTime at={event.createdAt} className="mono" />
                <span className="event-message">{event.message}</span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="detail-section">
        <h3>Tasks</h3>
        {details.tasks.length === 0 ? (
          <p className="muted">No tasks.</p>
        ) : (
          <TasksTable tasks={details.tasks} />
        )}
      </section>

      <p className="muted small">
        Fetched at <LocalTime at={details.fetchedAt} />, refreshed every {spokenDuration(detailsRefreshMs)}{' '}
        while open.
      </p>
    </>
  );
}

function TasksTable({ tasks }: { tasks: readonly TaskSummary[] }) {
  const zone = useLocalZone();
  return (
    <table className="detail-table">
      <thead>
        <tr>
          <th>Task</th>
          <th>Status</th>
          <th>Health</th>
          <th>Rev</th>
          <th title={zone.description}>Started</th>
          <th title={zone.description}>Stopped</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((task) => (
          <TaskRows key={task.taskArn} task={task} />
        ))}
      </tbody>
    </table>
  );
}

/** A task's line, followed by why it stopped and how its containers exited, when it did. */
function TaskRows({ task }: { task: TaskSummary }) {
  const exits = task.containers.filter(
    (container) => container.exitCode !== null || container.reason !== null,
  );
  const statusText =
    task.lastStatus === task.desiredStatus ? task.lastStatus : `${task.lastStatus} → ${task.desiredStatus}`;
  return (
    <>
      <tr className={task.stoppedReason || exits.length > 0 ? 'task-row has-notes' : 'task-row'}>
        <td className="mono" title={task.taskArn}>
          {task.taskId.slice(0, 8)}
        </td>
        <td>{statusText}</td>
        <td className={`task-health task-health-${task.healthStatus.toLowerCase()}`}>{task.healthStatus}</td>
        <td className="mono">{task.revision}</td>
        <td className="mono">{task.startedAt === null ? '—' : <LocalTime at={task.startedAt} />}</td>
        <td className="mono">{task.stoppedAt === null ? '—' : <LocalTime at={task.stoppedAt} />}</td>
      </tr>
      {(task.stoppedReason || exits.length > 0) && (
        <tr className="task-notes">
          <td colSpan={6}>
            {task.stoppedReason && <div>Stopped: {task.stoppedReason}</div>}
            {exits.map((container) => (
              <div key={container.name} className="mono">
                {container.name}: exit {container.exitCode ?? '—'}
                {container.reason ? ` — ${container.reason}` : ''}
              </div>
            ))}
          </td>
        </tr>
      )}
    </>
  );
}
