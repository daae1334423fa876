import { memo } from 'react';
import { revisionLabel } from '../../../shared/fleet/ecsArns';
import { ServiceRowActions } from '../actions/RollbackButton';
import { LiveRowFrame } from '../app/LiveTable';
import { LocalTime } from '../app/LocalTime';
import {
  describeDeployment,
  describeOldDeployment,
  describeTaskCounts,
  orderDeployments,
} from './deploymentText';
import { useFleet, useFleetStore } from './fleetStoreContext';
import { HealthBadge } from './HealthBadge';
import { LazyTrendCells } from './serviceTrendParts';

/** DOM id of a service row, for the table's aria-activedescendant. */
export function serviceRowId(key: string): string {
  return `service-row-${encodeURIComponent(key)}`;
}

/**
 * One service. It reads its own service from the store by key, so a delta that changes
 * another service, or the table re-rendering around it, leaves this row alone.
 */
export const ServiceRow = memo(function ServiceRow({
  serviceKey,
  top,
  height,
}: {
  serviceKey: string;
  top: number;
  height: number;
}) {
  const store = useFleetStore();
  const service = useFleet((state) => state.services.get(serviceKey));
  const selected = useFleet((state) => state.selectedKey === serviceKey);
  if (!service) return null;

  const deployments = orderDeployments(service.deployments);
  const event = service.newestEvent;
  return (
    <LiveRowFrame
      domId={serviceRowId(serviceKey)}
      selected={selected}
      className="service-row"
      failed={service.health === 'failed'}
      top={top}
      height={height}
      onOpen={() => store.getState().openDetail(serviceKey)}
      data-testid="service-row"
      data-cluster={service.clusterName}
      data-service={service.serviceName}
      data-health={service.health}
    >
      <div role="gridcell" className="cell cell-health">
        <HealthBadge health={service.health} reason={service.healthReason} />
      </div>
      <div role="gridcell" className="cell cell-service" title={service.healthReason}>
        <span className="service-name">{service.serviceName}</span>
        {service.status !== 'ACTIVE' && <span className="tag">{service.status}</span>}
      </div>
      <div role="gridcell" className="cell cell-tasks mono" title="running / desired, and pending tasks">
        {describeTaskCounts(service)}
      </div>
      <div role="gridcell" className="cell cell-revision col-revision mono" title={service.taskDefinitionArn}>
        {revisionLabel(service)}
      </div>
      <div
        role="gridcell"
        className="cell cell-image col-image mono"
        title={service.image ?? 'image not known yet'}
      >
        {service.imageTag ?? '—'}
      </div>
      <div role="gridcell" className="cell cell-deployments">
        {deployments.map((deployment, index) => (
          <span
            key={deployment.id}
            className={`deployment rollout-${(deployment.rolloutState ?? 'none').toLowerCase()}${index > 0 ? ' deployment-old' : ''}`}
            title={`${describeDeployment(deployment, deployments.length)} — ${deployment.status} ${deployment.family}:${deployment.revision}${
              deployment.rolloutStateReason ? ` — ${deployment.rolloutStateReason}` : ''
            }`}
          >
            {index === 0
              ? describeDeployment(deployment, deployments.length)
              : describeOldDeployment(deployment)}
          </span>
        ))}
      </div>
      <LazyTrendCells serviceKey={serviceKey} />
      <div role="gridcell" className="cell cell-event col-event" title={event?.message}>
        {event ? (
          <>
            <LocalTime at={event.createdAt} className="mono" /> {event.message}
          </>
        ) : (
          <span className="muted">no events</span>
        )}
      </div>
      <ServiceRowActions service={service} />
    </LiveRowFrame>
  );
});
