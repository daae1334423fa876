import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import { useNow } from '../app/useNow';
import { useFleet } from '../fleet/fleetStoreContext';
import { isProduction, serviceRefOf } from './actionGuards';
import { useActions, useActionStore } from './actionStoreContext';
import { statusLine, elapsedNow, isFinal, phasePresentation, failureReason } from './progressText';
import { RollbackButton } from './RollbackButton';
import { useActionPolicy, useActionRefusal, useServiceAction } from './useActionPolicy';

/** How long an ended action stays on its service's panel. */
const endedShownMs = 10 * 60_000;

/**
 * The service panel's actions: roll back, promote (from outside production), why either
 * is refused, and the progress of the action on the service — whichever window started it.
 */
export function ServiceActions({ service }: { service: ServiceSummary }) {
  const ref = serviceRefOf(service);
  const refusal = useActionRefusal(ref);
  const policy = useActionPolicy().data;
  const production = isProduction(policy, ref);
  return (
    <section className="service-actions" aria-label="Actions" data-testid="service-actions">
      <div className="service-action-buttons">
        <RollbackButton target={ref} />
        {!production && <PromoteFromButton service={service} />}
      </div>
      {refusal && (
        <p className="note-box action-refusal small" role="note">
          {refusal}
        </p>
      )}
      <ServiceActionProgress service={service} />
    </section>
  );
}

function PromoteFromButton({ service }: { service: ServiceSummary }) {
  const store = useActionStore();
  const policy = useActionPolicy().data;
  const counterpart = useFleet((state) => {
    for (const candidate of state.services.values()) {
      if (
        candidate.serviceName === service.serviceName &&
        isProduction(policy, { environment: candidate.environment, cluster: candidate.clusterName })
      )
        return candidate;
    }
    return undefined;
  });
  const refusal = useActionRefusal(
    counterpart ? serviceRefOf(counterpart) : { environment: '', cluster: '', service: '' },
  );
  return (
    <button
      type="button"
      className="button"
      data-testid="promote-button"
      disabled={refusal !== null}
      title={
        refusal ??
        (counterpart
          ? `Plan a promotion of ${service.serviceName} to ${counterpart.environment} (${counterpart.clusterName})`
          : `No production service is named ${service.serviceName}; choose its counterpart in the dialog`)
      }
      onClick={() => store.getState().openPromotion(serviceRefOf(service))}
    >
      Promote to production…
    </button>
  );
}

function ServiceActionProgress({ service }: { service: ServiceSummary }) {
  const store = useActionStore();
  const ref = serviceRefOf(service);
  const progress = useServiceAction(ref);
  const tracked = useActions((state) =>
    progress === null ? undefined : state.actions.get(progress.actionId),
  );
  const now = useNow();
  if (!progress || !tracked) return null;
  const final = isFinal(progress.phase);
  if (final && now - (tracked.receivedAt ?? now) > endedShownMs) return null;
  const reason = failureReason(progress);
  return (
    <div
      className={`service-action-progress phase-${progress.phase}`}
      data-testid="service-action-progress"
      data-phase={progress.phase}
    >
      <span aria-hidden="true">{phasePresentation[progress.phase].glyph} </span>
      <span>{statusLine(progress, elapsedNow(progress, tracked.receivedAt ?? now, now))}</span>
      {reason && <div className="error-text small">{reason}</div>}
      <button
        type="button"
        className="button small-button"
        onClick={() => store.getState().openProgress(progress.actionId)}
      >
        {final ? 'Details' : 'Show progress'}
      </button>
    </div>
  );
}
