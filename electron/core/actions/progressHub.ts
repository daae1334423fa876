import { finalPhases, type ActionProgress } from '../../../shared/actions/actionModel';
import type { ServiceEvent } from '../../../shared/fleet/fleetModel';
import { ConsoleError } from '../ipc/consoleError';

/**
 * The progress of running (and recently ended) actions, for any number of subscribers. A
 * subscriber that arrives late first gets the current state with every service event seen
 * since the action started, then each new event; after the final one its stream ends.
 */

interface TrackedAction {
  latest: ActionProgress;
  events: ServiceEvent[];
  listeners: Set<Listener>;
  endedAt: number | null;
}

interface Listener {
  emit(progress: ActionProgress): void;
  end(): void;
}

const maxEventsKept = 200;
const endedRetentionMs = 60 * 60_000;
const maxEndedKept = 200;

export class ProgressHub {
  private readonly actions = new Map<string, TrackedAction>();

  constructor(private readonly now: () => number = Date.now) {}

  publish(progress: ActionProgress): void {
    let tracked = this.actions.get(progress.actionId);
    if (!tracked) {
      this.prune();
      tracked = { latest: progress, events: [], listeners: new Set(), endedAt: null };
      this.actions.set(progress.actionId, tracked);
    }
    if (tracked.endedAt !== null) return;
    tracked.latest = progress;
    tracked.events.push(...progress.newEvents);
    if (tracked.events.length > maxEventsKept)
      tracked.events.splice(0, tracked.events.length - maxEventsKept);
    const final = finalPhases.has(progress.phase);
    if (final) tracked.endedAt = this.now();
    for (const listener of [...tracked.listeners]) {
      listener.emit(progress);
      if (final) listener.end();
    }
    if (final) tracked.listeners.clear();
  }

  latest(actionId: string): ActionProgress | undefined {
    return this.actions.get(actionId)?.latest;
  }

  /** Throws NOT_FOUND for an action this console does not know (or ended over an hour ago). */
  subscribe(actionId: string, emit: (progress: ActionProgress) => void, end: () => void): () => void {
    const tracked = this.actions.get(actionId);
    if (!tracked) throw new ConsoleError('NOT_FOUND', `No action ${actionId} is running or ended recently.`);
    emit({ ...tracked.latest, newEvents: [...tracked.events] });
    if (tracked.endedAt !== null) {
      end();
      return () => {};
    }
    const listener: Listener = { emit, end };
    tracked.listeners.add(listener);
    return () => {
      tracked.listeners.delete(listener);
    };
  }

  /** Resolves with the final progress event of an action. */
  finished(actionId: string): Promise<ActionProgress> {
    return new Promise((resolve, reject) => {
      let final: ActionProgress | undefined;
      try {
        this.subscribe(
          actionId,
          (progress) => {
            if (finalPhases.has(progress.phase)) final = progress;
          },
          () =>
            final ? resolve(final) : reject(new Error(`Action ${actionId} ended without a final state.`)),
        );
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private prune(): void {
    const now = this.now();
    const ended = [...this.actions].filter(([, tracked]) => tracked.endedAt !== null);
    for (const [id, tracked] of ended)
      if (now - (tracked.endedAt ?? now) > endedRetentionMs) this.actions.delete(id);
    const remaining = ended.filter(([id]) => this.actions.has(id));
    for (const [id] of remaining.slice(0, Math.max(0, remaining.length - maxEndedKept)))
      this.actions.delete(id);
  }
}
