import type { MouseEvent } from 'react';
import { useOpenService } from '../app/crossLinks';
import { hashForView } from '../app/views';
import { useLag } from './lagStoreContext';

/** The ECS service that owns a group, linking to it in the services view. */
export function OwnerServiceLink({
  serviceName,
  kafkaCluster,
}: {
  serviceName: string;
  kafkaCluster: string;
}) {
  const openService = useOpenService();
  const environment = useLag((state) => state.clusters.get(kafkaCluster)?.environment ?? null);
  const onClick = (event: MouseEvent) => {
    // The row under the link opens the group; the link goes to the service instead.
    event.preventDefault();
    event.stopPropagation();
    openService(serviceName, environment);
  };
  return (
    <a
      className="service-link"
      href={hashForView('services')}
      onClick={onClick}
      title={`Show ${serviceName} in the services view`}
      data-testid="owner-service-link"
    >
      {serviceName}
    </a>
  );
}
