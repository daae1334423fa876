import { z } from 'zod';
import { kafkaNameSchema } from '../nameSchemas';
import {
  groupLagDetailsSchema,
  lagStreamEventSchema,
  tailEventSchema,
  topicInfoSchema,
} from '../kafka/kafkaModel';
import { defineRequest, defineStream } from './channel';

/** Consumer lag of every group on every configured Kafka cluster: a snapshot, then patches of what changed. */
export const kafkaLagUpdates = defineStream('kafka.lagUpdates', {
  params: z.object({}).strict(),
  event: lagStreamEventSchema,
});

/** Partitions (committed, end, lag, Burrow's status, the console's findings, owner) and members of one group. */
export const kafkaGroupDetails = defineRequest('kafka.groupDetails', {
  request: z.object({ kafkaCluster: kafkaNameSchema, groupId: z.string().min(1).max(255) }).strict(),
  response: groupLagDetailsSchema,
});

export const kafkaListTopics = defineRequest('kafka.listTopics', {
  request: z.object({ kafkaCluster: kafkaNameSchema }).strict(),
  response: z.object({ topics: z.array(topicInfoSchema) }),
});

/**
 * Streams new messages of a topic through a consumer in main with an ephemeral group,
 * removed when the stream ends. Reading is not an action: it changes nothing on the cluster
 * but that short-lived group.
 */
export const kafkaTail = defineStream('kafka.tail', {
  params: z
    .object({
      kafkaCluster: kafkaNameSchema,
      topic: kafkaNameSchema,
      /** Start from the oldest retained message instead of new ones. */
      fromBeginning: z.boolean().default(false),
    })
    .strict(),
  event: tailEventSchema,
});

export const kafkaTailSetPaused = defineRequest('kafka.tailSetPaused', {
  request: z.object({ tailId: z.string().min(1).max(100), paused: z.boolean() }).strict(),
  response: z.object({ paused: z.boolean() }),
});
