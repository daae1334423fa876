import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { restartToUpdate } from '../../../shared/ipc/desktop';
import { useConsoleClient } from './consoleClientContext';
import { describeError } from './errorText';
import { mutationKeys } from './queryKeys';
import './updateNotice.css';

/**
 * Offers the version the desktop app has downloaded. The app restarts only from here, and
 * main refuses while a rollback or promotion is under way: the reason then shows in place.
 * "Later" hides the offer until the page loads again; the update also installs on quit.
 */
export function UpdateNotice({ version }: { version: string }) {
  const client = useConsoleClient();
  const [hidden, setHidden] = useState(false);
  const restart = useMutation({
    mutationKey: mutationKeys.restartToUpdate(),
    mutationFn: () => client.request(restartToUpdate, {}),
  });

  if (hidden) return null;
  return (
    <div className="update-notice" role="status" data-testid="update-notice">
      <span>
        Version {version} is ready. It installs when you restart the console or quit it.
        {restart.isError ? ` Not now: ${describeError(restart.error)}` : ''}
      </span>
      <button
        type="button"
        className="button primary"
        disabled={restart.isPending}
        onClick={() => restart.mutate()}
      >
        {restart.isPending ? 'Restarting…' : 'Restart to update'}
      </button>
      <button type="button" className="button" onClick={() => setHidden(true)}>
        Later
      </button>
    </div>
  );
}
