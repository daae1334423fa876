import type { AppInfo } from '../../../shared/ipc/app';
import { useActionStore } from './actionStoreContext';

/** The top bar's way into a promotion, from any view. */
export function PromoteButton({ info }: { info: AppInfo | undefined }) {
  const store = useActionStore();
  const readOnly = info?.readOnly ?? false;
  return (
    <button
      type="button"
      className="button"
      data-testid="promote-entry"
      disabled={readOnly}
      title={
        readOnly
          ? `Read-only: ${info?.readOnlyReason ?? 'this console does not run actions'}`
          : 'Promote a service’s images from staging to production'
      }
      onClick={() => store.getState().openPromotion(null)}
    >
      Promote…
    </button>
  );
}
