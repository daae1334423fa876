import type { GroupLagSummary } from './kafkaModel';
import { matchesEveryTerm } from '../filterTerms';
import { findingPresentation, severityPresentation } from './lagPresentation';

/**
 * A group matches when every filter word is in its id, one of its topics, its owner
 * service, its Kafka cluster, Burrow's status word, its worst partition's status word (so
 * "stall" finds the groups with a stalled partition), its severity word, or the name of one
 * of the console's findings (so "unassigned" or "rebalancing" find those).
 */
export function groupMatchesFilter(group: GroupLagSummary, terms: readonly string[]): boolean {
  if (terms.length === 0) return true;
  const fields = [
    group.groupId.toLowerCase(),
    group.kafkaCluster.toLowerCase(),
    group.burrowStatus.toLowerCase(),
    severityPresentation[group.severity].word,
    ...group.topics.map((topic) => topic.toLowerCase()),
  ];
  if (group.ownerService) fields.push(group.ownerService.toLowerCase());
  if (group.worstPartition) fields.push(group.worstPartition.burrowStatus.toLowerCase());
  for (const finding of group.findings) {
    const { short, name } = findingPresentation[finding.kind];
    fields.push(short, name);
  }
  return matchesEveryTerm(fields, terms);
}
