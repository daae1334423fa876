import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ServiceEntry } from '../../../shared/ipc/fleet';
import { actionsPlanPromotion } from '../../../shared/ipc/actions';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeError } from '../app/errorText';
import { queryKeys } from '../app/queryKeys';
import { groupServicesByCluster } from '../fleet/serviceGroups';
import { useFleetCatalog } from '../fleet/useFleetCatalog';
import { isProduction, serviceRefOf, type ServiceRef } from './actionGuards';
import { ActionProgressView } from './ActionProgressView';
import { ConfirmForm } from './ConfirmForm';
import { methodName, PlanDetails } from './PlanDetails';
import { useActionPolicy, useActionRefusal } from './useActionPolicy';

const planQueryOptions = { staleTime: Infinity, gcTime: 0, retry: false } as const;
const nobody: ServiceRef = { environment: '', cluster: '', service: '' };

/**
 * Promotion: a service in a non-production environment and its counterpart in production
 * (the same name unless the person picks another), the plan for a new production revision
 * with the source's images, the confirmation, then the deploy's progress.
 */
export function PromotionFlow({
  source,
  actionId,
  onClose,
}: {
  source: ServiceRef | null;
  actionId: string | null;
  onClose: () => void;
}) {
  const client = useConsoleClient();
  const catalog = useFleetCatalog().data;
  const policy = useActionPolicy().data;
  const all = [...(catalog ?? [])].sort(
    (a, b) =>
      a.environment.localeCompare(b.environment) ||
      a.clusterName.localeCompare(b.clusterName) ||
      a.serviceName.localeCompare(b.serviceName),
  );
  const inProduction = (service: ServiceEntry) =>
    isProduction(policy, { environment: service.environment, cluster: service.clusterName });
  const sources = all.filter((service) => !inProduction(service));
  const destinations = all.filter(inProduction);

  // The service the flow was opened on, once the catalog has come, until another is chosen.
  const [chosenSourceKey, setSourceKey] = useState<string | null>(null);
  const sourceKey =
    chosenSourceKey ??
    all.find(
      (service) =>
        source !== null &&
        service.environment === source.environment &&
        service.clusterName === source.cluster &&
        service.serviceName === source.service,
    )?.key ??
    '';
  const [chosenDestinationKey, setDestinationKey] = useState<string | null>(null);
  const byKey = new Map(all.map((service) => [service.key, service]));
  const sourceService = byKey.get(sourceKey);
  const destinationService =
    chosenDestinationKey !== null
      ? byKey.get(chosenDestinationKey)
      : destinations.find((service) => service.serviceName === sourceService?.serviceName);
  const from = sourceService ? serviceRefOf(sourceService) : null;
  const to = destinationService ? serviceRefOf(destinationService) : null;
  const refusal = useActionRefusal(to ?? nobody);

  const plan = useQuery({
    queryKey: queryKeys.promotionPlan(from ?? nobody, to ?? nobody),
    queryFn: ({ signal }) => {
      if (!from || !to) throw new Error('Choose a source and a destination first.');
      return client.request(
        actionsPlanPromotion,
        {
          service: from.service,
          fromCluster: from.cluster,
          fromEnvironment: from.environment,
          toCluster: to.cluster,
          toEnvironment: to.environment,
          toService: to.service,
        },
        { signal },
      );
    },
    enabled: from !== null && to !== null,
    ...planQueryOptions,
  });
  const replan = () => void plan.refetch();

  if (actionId !== null) {
    return (
      <div className="action-flow">
        <ActionProgressView actionId={actionId} />
        {plan.data && (
          <details className="ran-plan">
            <summary>
              The plan that ran: {plan.data.current.label} → {plan.data.target.label} with{' '}
              {methodName(plan.data.method.kind)}
            </summary>
            <PlanDetails plan={plan.data} />
          </details>
        )}
      </div>
    );
  }

  return (
    <div className="action-flow">
      <div className="promotion-choice">
        <label>
          <span>
            From{sourceService ? ` — ${sourceService.environment} · ${sourceService.clusterName}` : ''}
          </span>
          <select
            value={sourceKey}
            onChange={(event) => {
              setSourceKey(event.target.value);
              setDestinationKey(null);
            }}
            data-testid="promotion-source"
          >
            <option value="">Choose a service…</option>
            <ServiceOptions services={sources} />
          </select>
        </label>
        <span className="plan-arrow" aria-hidden="true">
          →
        </span>
        <label>
          <span>
            To
            {destinationService
              ? ` — ${destinationService.environment} · ${destinationService.clusterName}`
              : ''}
          </span>
          <select
            value={destinationService?.key ?? ''}
            onChange={(event) => setDestinationKey(event.target.value)}
            data-testid="promotion-destination"
          >
            <option value="">
              {sourceService
                ? `No production ${sourceService.serviceName}: choose one…`
                : 'Choose a service…'}
            </option>
            <ServiceOptions services={destinations} />
          </select>
        </label>
      </div>
      {sources.length === 0 && (
        <p className="muted">The fleet has no service outside production to promote from.</p>
      )}
      {plan.isFetching && (
        <p className="plan-status" role="status">
          Planning the promotion of {from?.service}…
        </p>
      )}
      {plan.isError && !plan.isFetching && (
        <div className="error-box plan-error" role="alert" data-testid="plan-error">
          <p className="error-text">{describeError(plan.error)}</p>
          <div className="confirm-actions">
            <button type="button" className="button" onClick={replan}>
              Plan again
            </button>
          </div>
        </div>
      )}
      {plan.data && !plan.isFetching && (
        <>
          <div className="action-plan" data-testid="action-plan" data-method={plan.data.method.kind}>
            <PlanDetails plan={plan.data} />
          </div>
          <ConfirmForm
            plan={plan.data}
            refusal={refusal}
            confirmLabel={`Promote to ${plan.data.environment}`}
            onReplan={replan}
            onCancel={onClose}
          />
        </>
      )}
    </div>
  );
}

function ServiceOptions({ services }: { services: readonly ServiceEntry[] }) {
  return (
    <>
      {groupServicesByCluster(services).map(({ label, services: members }) => (
        <optgroup key={label} label={label}>
          {members.map((service) => (
            <option key={service.key} value={service.key}>
              {service.serviceName}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}
