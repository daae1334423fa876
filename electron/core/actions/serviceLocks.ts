import type { LockHolder } from '../../../shared/actions/actionModel';
import { ConsoleError } from '../ipc/consoleError';
import { serviceKey } from './serviceTargets';

/**
 * One action at a time per service. A second one is refused with what holds the service,
 * so the person asking knows whom to talk to instead of racing them.
 */
export class ServiceLocks {
  private readonly held = new Map<string, LockHolder>();

  /** Takes the service for `holder`; returns the release. Throws CONFLICT when it is taken. */
  acquire(holder: LockHolder): () => void {
    const key = serviceKey(holder);
    const current = this.held.get(key);
    if (current) {
      throw new ConsoleError(
        'CONFLICT',
        `${holder.service} in ${holder.cluster} is held by another action: ${current.description}. Wait for it to end.`,
      );
    }
    this.held.set(key, holder);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (this.held.get(key) === holder) this.held.delete(key);
    };
  }

  holderOf(target: { environment: string; cluster: string; service: string }): LockHolder | undefined {
    return this.held.get(serviceKey(target));
  }

  list(): LockHolder[] {
    return [...this.held.values()];
  }
}
