import { overviewUpdates } from '../../../shared/ipc/overview';
import type { IpcRouter } from '../ipc/router';
import { OverviewFeed } from './overviewFeed';

/** The Overview's side of the contract: its stream, computed from the fleet and its metrics. */
export function registerOverviewHandlers(
  router: IpcRouter,
  sources: ConstructorParameters<typeof OverviewFeed>[0],
  log: (line: string) => void,
): void {
  const feed = new OverviewFeed(sources, (error) =>
    log(`Overview subscriber: ${error instanceof Error ? error.message : String(error)}`),
  );
  router.registerStream(overviewUpdates, (_params, emit) => feed.subscribe(emit));
}
