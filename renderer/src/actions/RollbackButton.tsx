import type { MouseEvent } from 'react';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { serviceRefOf, type ServiceRef } from './actionGuards';
import { useActionStore } from './actionStoreContext';
import { useActionRefusal } from './useActionPolicy';

/**
 * Opens the rollback plan of a service. Disabled, with the reason as its tooltip, when the
 * console or the environment is read-only or another action holds the service.
 */
export function RollbackButton({ target, className }: { target: ServiceRef; className?: string }) {
  const store = useActionStore();
  const refusal = useActionRefusal(target);
  const onClick = (event: MouseEvent) => {
    // In a table row, the row itself opens the details; this button opens the plan instead.
    event.stopPropagation();
    store.getState().openRollback(target);
  };
  return (
    <button
      type="button"
      className={`button rollback-button${className ? ` ${className}` : ''}`}
      data-testid="rollback-button"
      disabled={refusal !== null}
      title={refusal ?? `Plan a rollback of ${target.service} in ${target.environment} (r)`}
      aria-label={`Roll back ${target.service}`}
      onClick={onClick}
    >
      <span aria-hidden="true">↶</span> Roll back…
    </button>
  );
}

/** The row's own actions, laid over its right end: shown on hover, on the selected row, and on troubled ones. */
export function ServiceRowActions({ service }: { service: ServiceSummary }) {
  return (
    <div className="row-actions" role="gridcell">
      <RollbackButton target={serviceRefOf(service)} className="small-button" />
    </div>
  );
}
