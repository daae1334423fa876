import type { GroupLagSummary } from '../../../shared/kafka/kafkaModel';
import { matchesEveryTerm } from '../app/filterTerms';

/**
 * A group matches when every filter word is in its id, one of its topics, its owner
 * service, its Kafka cluster, its status word or its worst partition's status word (so
 * "stall" finds the groups with a stalled partition).
 */
export function groupMatchesFilter(group: GroupLagSummary, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const fields = [
    group.groupId.toLowerCase(),
    group.kafkaCluster.toLowerCase(),
    group.status.toLowerCase(),
    ...group.topics.map((topic) => topic.toLowerCase()),
  ];
  if (group.ownerService) fields.push(group.ownerService.toLowerCase());
  if (group.worstPartition) fields.push(group.worstPartition.status.toLowerCase());
  return matchesEveryTerm(fields, terms);
}
