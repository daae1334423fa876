import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ActionPlan } from '../../../shared/actions/actionModel';
import { actionsPlanRollback } from '../../../shared/ipc/actions';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeError } from '../app/errorText';
import { queryKeys } from '../app/queryKeys';
import type { ServiceRef } from './actionGuards';
import { ActionProgressView } from './ActionProgressView';
import { ConfirmForm } from './ConfirmForm';
import { methodName, PlanDetails } from './PlanDetails';
import { useActionRefusal } from './useActionPolicy';

/** A plan is asked for once per opening: it is main's promise about a moment of the fleet. */
const planQueryOptions = { staleTime: Infinity, gcTime: 0, retry: false } as const;

/**
 * Rollback of one service: the plan (target, method, diff), another revision if the
 * person picks one, the confirmation, then the progress of the action it became.
 */
export function RollbackFlow({
  target,
  actionId,
  onClose,
}: {
  target: ServiceRef;
  actionId: string | null;
  onClose: () => void;
}) {
  const client = useConsoleClient();
  const [targetRevision, setTargetRevision] = useState<number | null>(null);
  const refusal = useActionRefusal(target);
  const plan = useQuery({
    queryKey: queryKeys.rollbackPlan(target.environment, target.cluster, target.service, targetRevision),
    queryFn: ({ signal }) =>
      client.request(
        actionsPlanRollback,
        {
          cluster: target.cluster,
          service: target.service,
          environment: target.environment,
          ...(targetRevision === null ? {} : { targetRevision }),
        },
        { signal },
      ),
    ...planQueryOptions,
  });
  const replan = () => void plan.refetch();

  if (actionId !== null) {
    return (
      <div className="action-flow">
        <ActionProgressView actionId={actionId} />
        {plan.data && <RanPlan plan={plan.data} />}
      </div>
    );
  }

  return (
    <div className="action-flow">
      {plan.isFetching && (
        <p className="plan-status" role="status">
          Planning the rollback of {target.service}
          {targetRevision === null ? '' : ` to revision ${targetRevision}`}…
        </p>
      )}
      {plan.isError && !plan.isFetching && (
        <div className="error-box plan-error" role="alert" data-testid="plan-error">
          <p className="error-text">{describeError(plan.error)}</p>
          <div className="confirm-actions">
            {targetRevision !== null && (
              <button type="button" className="button" onClick={() => setTargetRevision(null)}>
                Back to the proposed target
              </button>
            )}
            <button type="button" className="button" onClick={replan}>
              Plan again
            </button>
          </div>
        </div>
      )}
      {plan.data && !plan.isFetching && (
        <>
          <div className="action-plan" data-testid="action-plan" data-method={plan.data.method.kind}>
            <PlanDetails plan={plan.data} onChooseRevision={setTargetRevision} />
          </div>
          <ConfirmForm
            plan={plan.data}
            refusal={refusal}
            confirmLabel={`Roll back ${plan.data.service} to ${plan.data.target.label}`}
            onReplan={replan}
            onCancel={onClose}
          />
        </>
      )}
    </div>
  );
}

/** The plan an action ran, folded away under its progress. */
function RanPlan({ plan }: { plan: ActionPlan }) {
  return (
    <details className="ran-plan">
      <summary>
        The plan that ran: {plan.current.label} → {plan.target.label} with {methodName(plan.method.kind)}
      </summary>
      <div className="action-plan" data-method={plan.method.kind}>
        <PlanDetails plan={plan} />
      </div>
    </details>
  );
}
