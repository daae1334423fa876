import { logsErrorRate, logsSearch, logsTail, logsTailSetPaused } from '../../../shared/ipc/logs';
import type { IpcRouter } from '../ipc/router';
import type { LogService } from './logService';

/**
 * The logs' side of the contract: tails with pause/resume, searches and error counts. A tail
 * lives exactly as long as its stream: unsubscribing, closing the page or navigating away
 * ends its live tail session or its polling.
 */
export function registerLogHandlers(router: IpcRouter, logs: LogService): void {
  router.registerStream(logsTail, (params, emit, context) => {
    const tail = logs.openTail(params, emit, (error) => context.end(error));
    return () => tail.stop();
  });

  router.register(logsTailSetPaused, ({ tailId, paused }) => logs.setPaused(tailId, paused));

  router.register(logsSearch, (request, { signal }) => logs.search(request, signal));

  router.register(logsErrorRate, (request, { signal }) => logs.errorRate(request, signal));
}
