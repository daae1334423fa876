import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ActionPlan } from '../../../shared/actions/actionModel';
import { capitalise } from '../../../shared/capitalise';
import { actionsExecute } from '../../../shared/ipc/actions';
import { ConsoleRequestError } from '../../../shared/ipc/client';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeError, errorDetails } from '../app/errorText';
import { mutationKeys } from '../app/queryKeys';
import { LocalTime } from '../app/LocalTime';
import { useNow } from '../app/useNow';
import { useFleet } from '../fleet/fleetStoreContext';
import { useActionStore } from './actionStoreContext';

/**
 * The last step before anything changes. Production asks for the service name to be
 * typed (the button stays disabled until it matches; main checks it again); elsewhere a
 * click or Enter confirms. A refusal — read-only, a held service, an expired plan — keeps
 * the button disabled and says why; main's own refusals are shown as they come.
 */
export function ConfirmForm({
  plan,
  refusal,
  confirmLabel,
  onReplan,
  onCancel,
}: {
  plan: ActionPlan;
  /** Why the page would refuse it now (policy, info, an action it follows), or null. */
  refusal: string | null;
  confirmLabel: string;
  onReplan: () => void;
  onCancel: () => void;
}) {
  const client = useConsoleClient();
  const store = useActionStore();
  const [typed, setTyped] = useState('');
  const now = useNow();
  const mainClockOffsetMs = useFleet((state) => state.mainClockOffsetMs);
  const execute = useMutation({
    mutationKey: mutationKeys.actionsExecute(),
    mutationFn: (request: { planId: string; confirmation: string }) =>
      client.request(actionsExecute, request),
    onMutate: () => ({ shownIn: store.getState().dialog }),
    // Here rather than in mutate(): it must run even if the dialog was closed while main answered.
    onSuccess: ({ actionId }, _request, context) => store.getState().attachAction(actionId, context.shownIn),
  });

  const expected = plan.confirmationText ?? plan.service;
  const matches = !plan.requiresTypedConfirmation || typed === expected;
  const expired = plan.expiresAt <= now - mainClockOffsetMs;
  const blocked = refusal ?? plan.blockedReason;
  const canConfirm = blocked === null && matches && !expired && !execute.isPending;
  const executeError = execute.error;
  const replanHelps =
    expired ||
    (refusal === null && plan.blockedReason !== null) ||
    (executeError instanceof ConsoleRequestError &&
      (executeError.code === 'CONFLICT' || executeError.code === 'NOT_FOUND'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canConfirm) return;
    execute.mutate({ planId: plan.id, confirmation: plan.requiresTypedConfirmation ? typed : '' });
  };

  return (
    <form className="confirm-form" onSubmit={submit} aria-label="Confirm">
      {plan.kind === 'rollback' && (
        <p className="confirm-evidence" data-testid="confirm-evidence">
          {capitalise(plan.evidence.summary)}.
        </p>
      )}
      {blocked !== null && (
        <p className="note-box action-refusal" role="note" data-testid="action-refusal">
          {blocked}
        </p>
      )}
      {expired && (
        <p className="note-box action-refusal" role="note">
          This plan expired at <LocalTime at={plan.expiresAt + mainClockOffsetMs} />: plan again to see the
          service as it is now.
        </p>
      )}
      {plan.requiresTypedConfirmation && (
        <label className="confirm-label">
          <span>
            {plan.service} runs in <strong>{plan.environment}</strong>. Type{' '}
            <strong className="mono">{expected}</strong> to confirm:
          </span>
          <input
            type="text"
            className="confirm-input mono"
            data-testid="confirm-input"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            autoFocus={blocked === null}
            disabled={blocked !== null}
            aria-invalid={typed !== '' && !matches}
          />
          {typed !== '' && !matches && (
            <span className="muted small" role="status">
              Does not match {expected} yet.
            </span>
          )}
        </label>
      )}
      {executeError && (
        <div className="error-text" role="alert" data-testid="execute-error">
          <p>{describeError(executeError)}</p>
          {errorDetails(executeError).length > 0 && (
            <ul>
              {errorDetails(executeError).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="confirm-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        {replanHelps && (
          <button type="button" className="button" onClick={onReplan}>
            Plan again
          </button>
        )}
        <button
          type="submit"
          className="button danger-primary"
          data-testid="confirm-action"
          disabled={!canConfirm}
          autoFocus={!plan.requiresTypedConfirmation && blocked === null}
          title={
            blocked ??
            (expired ? 'The plan expired' : matches ? 'Run the plan (Enter)' : `Type ${expected} to enable`)
          }
        >
          {execute.isPending ? 'Asking ECS…' : confirmLabel}
        </button>
      </div>
    </form>
  );
}
