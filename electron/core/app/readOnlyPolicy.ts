import type { IpcError } from '../../../shared/ipc/result';
import type { ActionPolicy } from '../ipc/router';

/**
 * The console-wide switch for actions. Main refuses them here whatever the UI shows, so a
 * read-only wall screen cannot be talked into a deployment by a crafted message.
 */
export function readOnlyPolicy(readOnlyReason: string | null | (() => string | null)): ActionPolicy {
  const reasonNow = typeof readOnlyReason === 'function' ? readOnlyReason : () => readOnlyReason;
  return (channel): IpcError | null => {
    const reason = reasonNow();
    return reason === null ? null : { code: 'READ_ONLY', message: `${channel.name} refused: ${reason}` };
  };
}
