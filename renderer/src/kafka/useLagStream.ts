import type { ConsoleClient } from '../../../shared/ipc/client';
import { kafkaLagUpdates } from '../../../shared/ipc/kafka';
import { useStreamIntoStore } from '../app/useStreamIntoStore';
import type { LagStore } from './lagStore';

/**
 * Keeps the lag store fed from main. An open drill-down refreshes on its own timer rather
 * than on each delta: lag moves on every refresh, so a delta names nearly every group.
 */
export function useLagStream(client: ConsoleClient, store: LagStore): void {
  useStreamIntoStore(client, kafkaLagUpdates, noParams, store);
}

const noParams = {};
