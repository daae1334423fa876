import { timelineUpdates } from '../../../shared/ipc/timeline';
import type { IpcRouter } from '../ipc/router';
import type { TimelineRecorder } from './timelineRecorder';

/** The timeline's side of the contract: what was recorded, then each new entry, for one service or all. */
export function registerTimelineHandlers(
  router: IpcRouter,
  recorder: Pick<TimelineRecorder, 'subscribe'>,
): void {
  router.registerStream(timelineUpdates, (params, emit) => recorder.subscribe(params, emit));
}
