import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ActionProgress } from '../../../shared/actions/actionModel';
import type { ServiceEvent } from '../../../shared/fleet/fleetModel';
import { actionsProgress } from '../../../shared/ipc/actions';
import type { ConsoleClient } from '../../../shared/ipc/client';
import type { IpcError } from '../../../shared/ipc/result';
import { serviceRefKey, type ServiceRef } from './actionGuards';
import { isFinal, mergeEvents } from './progressText';

/**
 * The actions this page follows, and the action dialog. It lives as long as the page, not
 * as long as a dialog or a view: closing the dialog or switching views never loses an
 * action's progress, and reopening its service picks it up again.
 */

export interface TrackedAction {
  actionId: string;
  /** The latest state main sent; null until the first event. */
  progress: ActionProgress | null;
  /** Every service event seen since the action started, oldest first. */
  events: readonly ServiceEvent[];
  /** When the latest event arrived, on the renderer's clock: elapsed time counts on from there. */
  receivedAt: number | null;
  /** Why the progress stream ended before the action did. */
  streamError: IpcError | null;
}

export type ActionDialogState =
  /** A rollback plan for the service; `actionId` once it runs. */
  | { kind: 'rollback'; target: ServiceRef; actionId: string | null }
  /** A promotion, from a chosen source service when there is one. */
  | { kind: 'promotion'; source: ServiceRef | null; actionId: string | null }
  /** The progress of an action on its own: reopened from the status bar or the service. */
  | { kind: 'progress'; actionId: string };

export interface ActionsState {
  actions: ReadonlyMap<string, TrackedAction>;
  /** The newest action followed on each service, by serviceRefKey. */
  byService: ReadonlyMap<string, string>;
  dialog: ActionDialogState | null;

  /** Follows an action's progress; does nothing for one already followed or ended. */
  track(actionId: string): void;
  openRollback(target: ServiceRef): void;
  openPromotion(source?: ServiceRef | null): void;
  openProgress(actionId: string): void;
  /**
   * A plan ran as `actionId`: follow it, and show its progress in the dialog that showed the
   * plan (`shownIn`, the dialog state when it was confirmed) if that dialog is still open.
   */
  attachAction(actionId: string, shownIn: ActionDialogState | null): void;
  closeDialog(): void;
  /** Stops every stream (the page is going away); tracking again re-subscribes. */
  dispose(): void;
}

export type ActionStore = StoreApi<ActionsState>;

export interface ActionStoreOptions {
  now?: () => number;
  /** Each progress event, after the store took it: for refreshing what an action changes. */
  onProgress?: (progress: ActionProgress, previous: ActionProgress | null) => void;
}

export function createActionStore(client: ConsoleClient, options: ActionStoreOptions = {}): ActionStore {
  const now = options.now ?? Date.now;
  const streams = new Map<string, () => void>();

  return createStore<ActionsState>()((set, get) => {
    const update = (actionId: string, change: (tracked: TrackedAction) => TrackedAction) => {
      const current = get().actions.get(actionId);
      if (!current) return;
      const actions = new Map(get().actions);
      actions.set(actionId, change(current));
      set({ actions });
    };

    const receive = (actionId: string, progress: ActionProgress) => {
      const previous = get().actions.get(actionId)?.progress ?? null;
      update(actionId, (tracked) => ({
        ...tracked,
        progress,
        events: mergeEvents(tracked.events, progress.newEvents),
        receivedAt: now(),
        streamError: null,
      }));
      const key = serviceRefKey(progress);
      const holderId = get().byService.get(key);
      const holder = holderId === undefined ? undefined : get().actions.get(holderId)?.progress;
      if (holderId !== actionId && (!holder || holder.startedAt <= progress.startedAt)) {
        const byService = new Map(get().byService);
        byService.set(key, actionId);
        set({ byService });
      }
      options.onProgress?.(progress, previous);
    };

    const subscribe = (actionId: string) => {
      const stream = { ended: false, unsubscribe: (): void => undefined };
      stream.unsubscribe = client.subscribe(
        actionsProgress,
        { actionId },
        (progress) => receive(actionId, progress),
        (error) => {
          stream.ended = true;
          if (streams.get(actionId) === stream.unsubscribe) streams.delete(actionId);
          const tracked = get().actions.get(actionId);
          if (!tracked || (tracked.progress && isFinal(tracked.progress.phase))) return;
          update(actionId, (entry) => ({
            ...entry,
            streamError: error ?? {
              code: 'UNAVAILABLE',
              message: 'The progress stream ended before the action did.',
            },
          }));
        },
      );
      // A transport may end the stream before subscribe returns (an action main no longer knows).
      if (!stream.ended) streams.set(actionId, stream.unsubscribe);
    };

    return {
      actions: new Map(),
      byService: new Map(),
      dialog: null,

      track: (actionId) => {
        const tracked = get().actions.get(actionId);
        if (streams.has(actionId)) return;
        if (tracked?.progress && isFinal(tracked.progress.phase)) return;
        if (!tracked) {
          const actions = new Map(get().actions);
          actions.set(actionId, {
            actionId,
            progress: null,
            events: [],
            receivedAt: null,
            streamError: null,
          });
          set({ actions });
        }
        subscribe(actionId);
      },

      openRollback: (target) => set({ dialog: { kind: 'rollback', target, actionId: null } }),
      openPromotion: (source = null) => set({ dialog: { kind: 'promotion', source, actionId: null } }),
      openProgress: (actionId) => {
        get().track(actionId);
        set({ dialog: { kind: 'progress', actionId } });
      },
      attachAction: (actionId, shownIn) => {
        get().track(actionId);
        // Closed (or replaced) while main answered: the status bar and the service show it; nothing pops up.
        const dialog = get().dialog;
        if (dialog !== null && dialog === shownIn && dialog.kind !== 'progress')
          set({ dialog: { ...dialog, actionId } });
      },
      closeDialog: () => set({ dialog: null }),

      dispose: () => {
        for (const unsubscribe of streams.values()) unsubscribe();
        streams.clear();
      },
    };
  });
}
