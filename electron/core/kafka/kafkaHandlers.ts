import {
  kafkaGroupDetails,
  kafkaGroupCatalog,
  kafkaLagUpdates,
  kafkaLagWindow,
  kafkaListTopics,
  kafkaTail,
  kafkaTailSetPaused,
} from '../../../shared/ipc/kafka';
import { lagStreamEncoder } from '../../../shared/kafka/lagDelta';
import { lagWindowEncoder } from '../../../shared/kafka/lagWindow';
import type { IpcRouter } from '../ipc/router';
import { subscribeEncoded } from '../streams/liveCollectionStream';
import type { LagMonitor } from './lagMonitor';
import type { TopicTails } from './topicTailSessions';

/**
 * Kafka's side of the contract: the lag stream, a group's details, a cluster's topics, and
 * topic tails with pause/resume. A tail lives exactly as long as its stream: unsubscribing,
 * closing the page or navigating away stops the consumer and deletes its group.
 */
export function registerKafkaHandlers(
  router: IpcRouter,
  services: { lagMonitor: LagMonitor; tails: TopicTails },
): void {
  const { lagMonitor, tails } = services;

  router.registerStream(kafkaLagUpdates, (_params, emit) =>
    subscribeEncoded((listener) => lagMonitor.subscribe(listener), lagStreamEncoder(), emit),
  );

  router.registerStream(kafkaLagWindow, (request, emit) =>
    subscribeEncoded(
      (listener) => lagMonitor.subscribe(listener),
      lagWindowEncoder(request, () => lagMonitor.snapshot()),
      emit,
    ),
  );

  router.register(kafkaGroupCatalog, () => ({
    groups: lagMonitor.snapshot().groups.map(({ key, kafkaCluster, groupId, severity, burrowStatus }) => ({
      key,
      kafkaCluster,
      groupId,
      severity,
      burrowStatus,
    })),
  }));

  router.register(kafkaGroupDetails, ({ kafkaCluster, groupId }) =>
    lagMonitor.groupDetails(kafkaCluster, groupId),
  );

  router.register(kafkaListTopics, async ({ kafkaCluster }, { signal }) => ({
    topics: await lagMonitor.listTopics(kafkaCluster, { signal }),
  }));

  router.registerStream(kafkaTail, (params, emit, context) => {
    const tail = tails.open(params, emit, (error) => context.end(error));
    return () => void tail.stop();
  });

  router.register(kafkaTailSetPaused, ({ tailId, paused }) => tails.setPaused(tailId, paused));
}
