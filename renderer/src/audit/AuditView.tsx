import { useState } from 'react';
import { describeError } from '../app/errorText';
import { useLocalZone } from '../app/LocalTime';
import { useFleetCatalog } from '../fleet/useFleetCatalog';
import './audit.css';
import { groupAuditRecords } from './auditActions';
import { AuditEntry } from './AuditEntry';
import { AuditExport } from './AuditExport';
import { useAuditLog } from './useAuditLog';

/**
 * The audit log: every rollback, promotion and sandbox scenario on the fleet this console
 * acts on, newest first, with who ran it, where, from what to what and how it ended. What
 * was done to other fleets (by the CLI, another console) and entries that do not say where
 * they acted are shown only when asked for. Lines the log could not read (a write torn by a
 * crash) are reported here rather than hidden.
 */
export function AuditView() {
  const [source, setSource] = useState<'current' | 'other'>('current');
  const [service, setService] = useState<string | null>(null);
  const [cluster, setCluster] = useState<string | null>(null);
  const log = useAuditLog({ source, service, cluster });
  const zone = useLocalZone();
  const fleetServices = useFleetCatalog().data ?? [];

  const records = log.data?.pages.flatMap((page) => page.records) ?? [];
  const actions = groupAuditRecords(records);
  const problems = [...new Set(log.data?.pages.flatMap((page) => page.problems) ?? [])];
  const serviceNames = [
    ...new Set([
      ...fleetServices.map((entry) => entry.serviceName),
      ...actions.map((action) => action.service).filter((name): name is string => name !== null),
      ...(service === null ? [] : [service]),
    ]),
  ].sort();
  const clusterNames = [
    ...new Set([
      ...fleetServices.map((entry) => entry.clusterName),
      ...actions.map((action) => action.cluster).filter((name): name is string => name !== null),
      ...(cluster === null ? [] : [cluster]),
    ]),
  ].sort();

  return (
    <div className="view" data-testid="audit-view">
      <div className="view-toolbar">
        <h2 className="audit-title">Audit log</h2>
        <label>
          Fleet{' '}
          <select
            value={source}
            onChange={(event) => setSource(event.target.value === 'other' ? 'other' : 'current')}
            data-testid="audit-source-filter"
          >
            <option value="current">this console’s fleet</option>
            <option value="other">other sources</option>
          </select>
        </label>
        <label>
          Service{' '}
          <select
            value={service ?? ''}
            onChange={(event) => setService(event.target.value === '' ? null : event.target.value)}
            data-testid="audit-service-filter"
          >
            <option value="">all services</option>
            {serviceNames.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Cluster{' '}
          <select
            value={cluster ?? ''}
            onChange={(event) => setCluster(event.target.value === '' ? null : event.target.value)}
          >
            <option value="">all clusters</option>
            {clusterNames.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          onClick={() => void log.refetch()}
          disabled={log.isFetching}
          title="Read the log again"
        >
          {log.isFetching && !log.isFetchingNextPage ? 'Reading…' : 'Refresh'}
        </button>
        <AuditExport service={service} />
      </div>

      {problems.length > 0 && (
        <div className="warning-box audit-problems" role="alert" data-testid="audit-problems">
          <strong>Some lines of the audit log could not be read and are skipped:</strong>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}

      <div className="audit-list">
        <div className="audit-row column-headers audit-columns" aria-hidden="true">
          <span title={zone.description}>Time</span>
          <span>Action</span>
          <span>Who</span>
          <span>Environment</span>
          <span>Cluster</span>
          <span>Service</span>
          <span>From → to</span>
          <span>Outcome</span>
        </div>
        {log.isPending && (
          <p className="table-message" role="status">
            Reading the audit log…
          </p>
        )}
        {log.isError && (
          <p className="table-message error-text" role="alert">
            Could not read the audit log: {describeError(log.error)}
          </p>
        )}
        {log.isSuccess && actions.length === 0 && (
          <p className="table-message" role="status">
            {service !== null || cluster !== null
              ? 'No recorded action matches the filter.'
              : source === 'other'
                ? 'Nothing recorded for other fleets, nor entries that do not say where they acted.'
                : 'Nothing recorded yet: rollbacks, promotions and sandbox scenarios appear here.'}
          </p>
        )}
        {actions.map((action) => (
          <AuditEntry key={action.actionId} action={action} />
        ))}
        {log.hasNextPage && (
          <div className="audit-more">
            <button
              type="button"
              className="button"
              onClick={() => void log.fetchNextPage()}
              disabled={log.isFetchingNextPage}
            >
              {log.isFetchingNextPage ? 'Reading…' : 'Load older entries'}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
