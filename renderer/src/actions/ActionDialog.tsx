import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ActionDialogState } from './actionStore';
import { useActions, useActionStore } from './actionStoreContext';
import './actionDialog.css';
import { ActionProgressView } from './ActionProgressView';
import { isProduction } from './actionGuards';
import { actionNoun } from './progressText';
import { PromotionFlow } from './PromotionFlow';
import { RollbackFlow } from './RollbackFlow';
import { useActionPolicy } from './useActionPolicy';

/** The one action dialog of the page: a rollback, a promotion, or an action's progress. */
export function ActionDialog() {
  const dialog = useActions((state) => state.dialog);
  if (!dialog) return null;
  return <DialogFrame key={dialogKey(dialog)} dialog={dialog} />;
}

function dialogKey(dialog: ActionDialogState): string {
  switch (dialog.kind) {
    case 'rollback':
      return `rollback|${dialog.target.environment}|${dialog.target.cluster}|${dialog.target.service}`;
    case 'promotion':
      return 'promotion';
    case 'progress':
      return `progress|${dialog.actionId}`;
  }
}

/**
 * A modal <dialog>: the page behind it is inert, Tab and Shift-Tab stay inside, Esc closes
 * it. Keys pressed inside never reach the page's shortcuts (Enter would open a service,
 * `j` would move the table). Closing never cancels an action: main runs it to its end.
 */
function DialogFrame({ dialog }: { dialog: ActionDialogState }) {
  const store = useActionStore();
  const ref = useRef<HTMLDialogElement>(null);
  const close = () => store.getState().closeDialog();
  const policy = useActionPolicy().data;

  useEffect(() => {
    const element = ref.current;
    if (element && !element.open) element.showModal();
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDialogElement>) => {
    event.stopPropagation();
    if (event.key === 'Tab') keepTabInside(event);
  };
  // A promotion always lands in production.
  const production =
    dialog.kind === 'promotion' ||
    (dialog.kind === 'rollback' &&
      isProduction(policy, { environment: dialog.target.environment, cluster: dialog.target.cluster }));

  return (
    <dialog
      ref={ref}
      className={production ? 'action-dialog production' : 'action-dialog'}
      aria-labelledby="action-dialog-title"
      data-testid="action-dialog"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClose={close}
      onKeyDown={onKeyDown}
    >
      <header className="action-dialog-header">
        <h2 id="action-dialog-title">
          {dialog.kind === 'progress' ? <ProgressTitle actionId={dialog.actionId} /> : dialogTitle(dialog)}
        </h2>
        {dialog.kind === 'promotion' && (
          <span className="dialog-where">
            <span className="badge badge-production">PRODUCTION</span>
          </span>
        )}
        {dialog.kind === 'rollback' && (
          <span className="dialog-where">
            {production && <span className="badge badge-production">PRODUCTION</span>}
            <span className="mono">
              {dialog.target.environment} · {dialog.target.cluster}
            </span>
          </span>
        )}
        <button type="button" className="button close-button" onClick={close} title="Close (Esc)">
          Close <kbd>Esc</kbd>
        </button>
      </header>
      <div className="action-dialog-body">
        {dialog.kind === 'rollback' && (
          <RollbackFlow target={dialog.target} actionId={dialog.actionId} onClose={close} />
        )}
        {dialog.kind === 'promotion' && (
          <PromotionFlow source={dialog.source} actionId={dialog.actionId} onClose={close} />
        )}
        {dialog.kind === 'progress' && <ActionProgressView actionId={dialog.actionId} />}
      </div>
    </dialog>
  );
}

const tabbableSelector =
  'button:not(:disabled), a[href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"])';

/**
 * Tab past the last control comes back to the first, and Shift-Tab before the first goes to
 * the last: a modal dialog alone would let focus leave for the browser's own controls.
 */
function keepTabInside(event: KeyboardEvent<HTMLDialogElement>): void {
  const tabbable = [...event.currentTarget.querySelectorAll<HTMLElement>(tabbableSelector)].filter(
    (element) => element.getClientRects().length > 0,
  );
  const first = tabbable[0];
  const last = tabbable[tabbable.length - 1];
  if (!first || !last) return;
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && tabbable.includes(active);
  if (event.shiftKey && (active === first || !inside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}

function dialogTitle(dialog: ActionDialogState): string {
  switch (dialog.kind) {
    case 'rollback':
      return `Roll back ${dialog.target.service}`;
    case 'promotion':
      return 'Promote to production';
    case 'progress':
      return 'Action progress';
  }
}

function ProgressTitle({ actionId }: { actionId: string }) {
  const progress = useActions((state) => state.actions.get(actionId)?.progress);
  if (!progress) return <>Action progress</>;
  return (
    <>
      {actionNoun(progress.kind)} of {progress.service}{' '}
      <span className="dialog-where mono">
        {progress.environment} · {progress.cluster}
      </span>
    </>
  );
}
