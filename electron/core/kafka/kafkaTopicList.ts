import type { Admin } from 'kafkajs';
import type { IpcError } from '../../../shared/ipc/result';
import { compareText } from '../../../shared/compareText';
import type { TopicInfo } from '../../../shared/kafka/kafkaModel';
import { describeKafkaFailure, isRefusal, kafkaRequest } from './kafkaFailure';

/**
 * The cluster's topics with their partition counts and retained messages, through kafkajs'
 * admin client: asked for when someone opens the topic list, not on every lag refresh, so
 * the log start offsets it needs are read here only.
 */

/** How a topic's problems are worded: the cluster is already named above its topics. */
const topicWhere = 'the broker';

interface PartitionOffsets {
  partition: number;
  /** The log start offset (oldest retained message). */
  start: number;
  /** The log end offset (next offset to be written). */
  end: number;
}

/** Topics of the cluster with partition counts and retained messages; Kafka's internal topics are left out. */
export async function listTopicInfo(admin: Admin): Promise<TopicInfo[]> {
  const names = (await admin.listTopics()).filter((name) => !name.startsWith('__')).sort(compareText);
  const { offsets } = await readTopicOffsets(admin, names);
  return names.flatMap((name) => {
    const partitions = offsets.get(name);
    if (!partitions) return [];
    const messages = partitions.reduce((sum, p) => sum + Math.max(0, p.end - p.start), 0);
    return [{ name, partitions: partitions.length, messages }];
  });
}

/**
 * End (and start) offsets per topic; the requests run side by side on the admin's
 * connections. A topic deleted meanwhile reads as null; so does one whose offsets the
 * broker refuses, with the refusal.
 */
async function readTopicOffsets(
  admin: Admin,
  topics: readonly string[],
): Promise<{ offsets: Map<string, PartitionOffsets[] | null>; refused: Map<string, IpcError> }> {
  const refused = new Map<string, IpcError>();
  const results = await Promise.all(
    topics.map(async (topic) => {
      try {
        const offsets = await kafkaRequest('ListOffsets', () => admin.fetchTopicOffsets(topic));
        return offsets
          .map((o) => ({ partition: o.partition, start: Number(o.low), end: Number(o.high) }))
          .sort((a, b) => a.partition - b.partition);
      } catch (error) {
        // A topic deleted between the group listing and this read; the others still count.
        if (errorType(error) === 'UNKNOWN_TOPIC_OR_PARTITION') return null;
        const described = describeKafkaFailure(topicWhere, error);
        if (!isRefusal(described)) throw error;
        refused.set(topic, described);
        return null;
      }
    }),
  );
  return { offsets: new Map(topics.map((topic, index) => [topic, results[index]!])), refused };
}

/** kafkajs' protocol error type ("UNKNOWN_TOPIC_OR_PARTITION"), through the request wrapper. */
function errorType(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 10; depth++) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string') return type;
    current = current.cause;
  }
  return undefined;
}
