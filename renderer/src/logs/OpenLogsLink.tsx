import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { hashForView } from '../app/views';
import { queryForLogs } from './logFilters';

/** "Logs" for a service, from wherever it is shown: the logs view, tailing it. */
export function OpenLogsLink({ service }: { service: Pick<ServiceSummary, 'clusterName' | 'serviceName'> }) {
  return (
    <a
      className="button open-logs"
      href={hashForView('logs', queryForLogs({ cluster: service.clusterName, service: service.serviceName }))}
      data-testid="open-logs"
      title={`Tail the logs of ${service.serviceName} (g o)`}
    >
      Logs
    </a>
  );
}
