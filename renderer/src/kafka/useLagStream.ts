import type { ConsoleClient } from '../../../shared/ipc/client';
import { kafkaLagWindow } from '../../../shared/ipc/kafka';
import { useWindowIntoStore } from '../app/useWindowIntoStore';
import type { LagStore } from './lagStore';

/**
 * Keeps the lag store fed from main with the window the table asks for. An open drill-down
 * refreshes on its own timer rather than on each delta: lag moves on every refresh, so a
 * delta names nearly every group.
 */
export function useLagStream(client: ConsoleClient, store: LagStore): void {
  useWindowIntoStore(client, kafkaLagWindow, store);
}
