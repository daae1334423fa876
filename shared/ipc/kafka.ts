import { z } from 'zod';
import { kafkaNameSchema } from '../nameSchemas';
import {
  groupLagDetailsSchema,
  groupStatusSchema,
  lagSeveritySchema,
  lagStreamEventSchema,
  tailEventSchema,
  topicInfoSchema,
} from '../kafka/kafkaModel';
import { lagWindowEventSchema } from '../kafka/lagWindowModel';
import { windowRequestSchema } from '../live/windowedStream';
import { defineRequest, defineStream } from './channel';

/**
 * The lag table's window of consumer lag: the rows it shows in its order, the selected group,
 * every Kafka cluster's counts (shared/kafka/lagWindow.ts).
 */
export const kafkaLagWindow = defineStream('kafka.lagWindow', {
  params: windowRequestSchema,
  event: lagWindowEventSchema,
});

/** Consumer lag of every group on every configured Kafka cluster, for the views that read all of it (the topology, a service's groups): a snapshot, then patches of what changed. */
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

export const groupEntrySchema = z.object({
  key: z.string(),
  kafkaCluster: z.string(),
  groupId: z.string(),
  severity: lagSeveritySchema,
  burrowStatus: groupStatusSchema,
});

/** Every consumer group by name, for what finds a group anywhere (the palette, a link), as the fleet's catalog. */
export const kafkaGroupCatalog = defineRequest('kafka.groupCatalog', {
  request: z.object({}).strict(),
  response: z.object({ groups: z.array(groupEntrySchema) }),
});
