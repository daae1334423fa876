import { describe, expect, it } from 'vitest';
import type { ActionProgress } from '../../../shared/actions/actionModel';
import { actionsProgress } from '../../../shared/ipc/actions';
import { ScriptedConsole } from '../testing/scriptedConsole';
import { progress, t0 } from '../testing/actionFixtures';
import { createActionStore } from './actionStore';

const target = { environment: 'production', cluster: 'flarenet-production', service: 'payment-service' };
const event = (id: string, at: number) => ({ id, createdAt: at, message: `event ${id}` });

function setUp() {
  const main = new ScriptedConsole();
  let now = t0;
  const seen: Array<[string, string | null]> = [];
  const store = createActionStore(main.client, {
    now: () => now,
    onProgress: (current: ActionProgress, previous: ActionProgress | null) =>
      seen.push([current.phase, previous?.phase ?? null]),
  });
  const streamOf = (actionId: string) => {
    const subscribe = main.sent.find(
      (message) =>
        message.type === 'subscribe' &&
        message.channel === actionsProgress.name &&
        (message.params as { actionId: string }).actionId === actionId &&
        main.openStreams(actionsProgress.name).includes(message.id),
    );
    if (!subscribe) throw new Error(`No open progress stream for ${actionId}`);
    return subscribe.id;
  };
  return { main, store, seen, streamOf, advance: (ms: number) => (now += ms) };
}

describe('action store', () => {
  it('follows an action from its current state, keeping every service event once', () => {
    const { main, store, seen, streamOf, advance } = setUp();
    store.getState().track('action-1');
    store.getState().track('action-1');
    expect(main.openStreams(actionsProgress.name)).toHaveLength(1);
    const id = streamOf('action-1');

    // A late subscriber's first event is the current state with every event so far.
    main.emit(id, progress({ phase: 'started', newEvents: [event('e1', t0 + 1), event('e2', t0 + 2)] }));
    advance(2_000);
    main.emit(id, progress({ newEvents: [event('e3', t0 + 3)] }));

    const tracked = store.getState().actions.get('action-1');
    expect(tracked?.progress?.phase).toBe('in-progress');
    expect(tracked?.events.map((entry) => entry.id)).toEqual(['e1', 'e2', 'e3']);
    expect(tracked?.receivedAt).toBe(t0 + 2_000);
    expect(store.getState().byService.get('production|flarenet-production|payment-service')).toBe('action-1');
    expect(seen).toEqual([
      ['started', null],
      ['in-progress', 'started'],
    ]);
  });

  it('keeps the final state after main ends the stream, and does not follow an ended action again', () => {
    const { main, store, streamOf } = setUp();
    store.getState().track('action-1');
    const id = streamOf('action-1');
    main.emit(id, progress({ phase: 'succeeded' }));
    main.end(id);
    expect(store.getState().actions.get('action-1')?.streamError).toBeNull();
    store.getState().track('action-1');
    expect(main.openStreams(actionsProgress.name)).toHaveLength(0);
    expect(store.getState().actions.get('action-1')?.progress?.phase).toBe('succeeded');
  });

  it('says when the stream ends before the action does, and follows it again when asked', () => {
    const { main, store, streamOf } = setUp();
    store.getState().track('action-1');
    const first = streamOf('action-1');
    main.emit(first, progress());
    main.end(first, { code: 'INTERNAL', message: 'main lost track' });
    expect(store.getState().actions.get('action-1')?.streamError?.message).toBe('main lost track');

    // Main still holds the service for it (the policy's locks say so): follow it again.
    store.getState().track('action-1');
    const second = streamOf('action-1');
    expect(second).not.toBe(first);
    main.emit(second, progress({ phase: 'succeeded' }));
    expect(store.getState().actions.get('action-1')?.streamError).toBeNull();
  });

  it('points a service at its newest action, whatever order the streams report in', () => {
    const { main, store, streamOf } = setUp();
    store.getState().track('older');
    store.getState().track('newer');
    main.emit(streamOf('newer'), progress({ actionId: 'newer', startedAt: t0 + 60_000 }));
    main.emit(streamOf('older'), progress({ actionId: 'older', phase: 'failed', startedAt: t0 }));
    expect(store.getState().byService.get('production|flarenet-production|payment-service')).toBe('newer');
  });

  it('shows the progress of the plan it ran in its dialog, and never in a closed or another one', () => {
    const { main, store } = setUp();
    store.getState().openRollback(target);
    const shownIn = store.getState().dialog;
    store.getState().attachAction('action-1', shownIn);
    expect(store.getState().dialog).toEqual({ kind: 'rollback', target, actionId: 'action-1' });
    expect(main.openStreams(actionsProgress.name)).toHaveLength(1);

    store.getState().openRollback(target);
    const second = store.getState().dialog;
    store.getState().closeDialog();
    store.getState().attachAction('action-2', second);
    expect(store.getState().dialog).toBeNull();
    expect(main.openStreams(actionsProgress.name)).toHaveLength(2);

    // Confirmed in one dialog, answered while another is open: that one is left alone.
    store.getState().openRollback(target);
    const third = store.getState().dialog;
    store.getState().openRollback({ ...target, service: 'order-service' });
    store.getState().attachAction('action-3', third);
    expect(store.getState().dialog).toMatchObject({ actionId: null, target: { service: 'order-service' } });

    store.getState().openProgress('action-1');
    expect(store.getState().dialog).toEqual({ kind: 'progress', actionId: 'action-1' });
  });

  it('stops every stream when the page goes away', () => {
    const { main, store } = setUp();
    store.getState().track('action-1');
    store.getState().track('action-2');
    store.getState().dispose();
    expect(main.openStreams(actionsProgress.name)).toHaveLength(0);
  });
});
