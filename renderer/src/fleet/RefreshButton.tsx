import { useMutation } from '@tanstack/react-query';
import { fleetRefresh } from '../../../shared/ipc/fleet';
import { useConsoleClient } from '../app/consoleClientContext';
import { describeError } from '../app/errorText';
import { mutationKeys } from '../app/queryKeys';
import './fleet.css';

/** Polls every cluster and reads CloudWatch again now; the results arrive on their streams like any other update. */
export function RefreshButton() {
  const client = useConsoleClient();
  const refresh = useMutation({
    mutationKey: mutationKeys.fleetRefresh(),
    mutationFn: () => client.request(fleetRefresh, {}),
  });
  return (
    <span className="refresh">
      <button type="button" className="button" disabled={refresh.isPending} onClick={() => refresh.mutate()}>
        {refresh.isPending ? 'Refreshing…' : 'Refresh now'}
      </button>
      {refresh.isError && (
        <span className="error-text small" role="alert">
          Refresh failed: {describeError(refresh.error)}
        </span>
      )}
    </span>
  );
}
