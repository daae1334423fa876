import type { IpcError } from '../../../shared/ipc/result';
import { describeKafkaFailure, KafkaRequestFailure } from './kafkaFailure';
import { kafkaErrorCode, kafkaProtocolError } from './kafkajsWire';

/**
 * A group's own error inside a batched answer, as the group's reason: only that group's
 * figures are unknown, and it is asked again at the next refresh.
 */
export function groupFailure(where: string, api: string, code: number): IpcError {
  const coordinator = coordinatorTrouble.get(code);
  if (coordinator) {
    return {
      code: 'UNAVAILABLE',
      message: `${coordinator.words} (${api} answered ${coordinator.name}); asked again at the next refresh`,
    };
  }
  return describeKafkaFailure(where, new KafkaRequestFailure(api, kafkaProtocolError(code)));
}

/** By Kafka's own names, which kafkajs spells as older releases did. */
const coordinatorTrouble = new Map<number, { name: string; words: string }>([
  [
    kafkaErrorCode.coordinatorLoadInProgress,
    { name: 'COORDINATOR_LOAD_IN_PROGRESS', words: "the group's coordinator is still loading it" },
  ],
  [
    kafkaErrorCode.coordinatorNotAvailable,
    { name: 'COORDINATOR_NOT_AVAILABLE', words: "the group's coordinator is not available" },
  ],
  [kafkaErrorCode.notCoordinator, { name: 'NOT_COORDINATOR', words: "the group's coordinator moved" }],
]);
