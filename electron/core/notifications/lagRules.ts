import { formatCount } from '../../../shared/kafka/lagWords';
import type { GroupLagSummary, KafkaClusterStatus, LagEvent } from '../../../shared/kafka/kafkaModel';
import type { NotificationSubject } from '../../../shared/notifications/notificationModel';
import { linkTo, type RuleSignal } from './ruleSignals';

/**
 * The consumer group rules, on what the lag monitor publishes: Burrow's status turning ERR
 * (`group-err`), and lag on a partition that no live member holds (the console's
 * `no-consumer-assigned` finding, `group-unconsumed-lag`). Each raises while it holds and
 * clears once the group is judged again without it. A group the monitor cannot judge now
 * (severity unknown: not listed, its offsets not readable) neither raises nor clears: the
 * console cannot vouch either way.
 */
export class LagRules {
  /** Which rules hold now, by group key. */
  private readonly holding = new Map<string, Set<'group-err' | 'group-unconsumed-lag'>>();
  private readonly clusters = new Map<string, KafkaClusterStatus>();

  receive(event: LagEvent, now: number): RuleSignal[] {
    const clusters = event.type === 'snapshot' ? event.snapshot.clusters : event.delta.clusters;
    for (const cluster of clusters) this.clusters.set(cluster.name, cluster);
    const groups = event.type === 'snapshot' ? event.snapshot.groups : event.delta.upserted;
    const signals = groups.flatMap((group) => this.judge(group, now));
    let removed: readonly string[];
    if (event.type === 'snapshot') {
      const present = new Set(groups.map((group) => group.key));
      removed = [...this.holding.keys()].filter((key) => !present.has(key));
    } else {
      removed = event.delta.removed;
    }
    for (const key of removed) {
      for (const rule of this.holding.get(key) ?? []) {
        signals.push({
          type: 'clear',
          clearance: {
            rule,
            key,
            at: now,
            title: `consumer group ${key.slice(key.indexOf('|') + 1)} is no longer listed`,
            body: 'The group was deleted or its cluster is no longer watched.',
          },
        });
      }
      this.holding.delete(key);
    }
    return signals;
  }

  private judge(group: GroupLagSummary, now: number): RuleSignal[] {
    if (group.severity === 'unknown' || group.lagUnknown !== null) return [];
    const held = this.holding.get(group.key) ?? new Set();
    const signals: RuleSignal[] = [];
    const subject = this.subjectOf(group);
    const link = linkTo({ kind: 'group', cluster: group.kafkaCluster, group: group.groupId });
    const who = group.ownerService && group.ownerService !== group.groupId ? ` (${group.ownerService})` : '';

    if (group.burrowStatus === 'ERR') {
      held.add('group-err');
      signals.push({
        type: 'raise',
        problem: {
          rule: 'group-err',
          subject,
          severity: 'error',
          title: `Consumer group ${group.groupId}${who} is ERR: ${formatCount(group.totalLag)} behind`,
          body: group.burrowReason,
          link,
        },
      });
    } else if (held.delete('group-err')) {
      signals.push(clear('group-err', group, now, `back to ${group.burrowStatus}`, group.burrowReason));
    }

    const unconsumed = group.findings.find((finding) => finding.kind === 'no-consumer-assigned');
    if (unconsumed) {
      held.add('group-unconsumed-lag');
      signals.push({
        type: 'raise',
        problem: {
          rule: 'group-unconsumed-lag',
          subject,
          severity: unconsumed.severity === 'error' ? 'error' : 'warning',
          title: `Consumer group ${group.groupId}${who} has lag nobody consumes`,
          body: unconsumed.summary,
          link,
        },
      });
    } else if (held.delete('group-unconsumed-lag')) {
      signals.push(
        clear('group-unconsumed-lag', group, now, 'every partition with lag has a consumer again', ''),
      );
    }

    if (held.size > 0) this.holding.set(group.key, held);
    else this.holding.delete(group.key);
    return signals;
  }

  private subjectOf(group: GroupLagSummary): NotificationSubject {
    return {
      key: group.key,
      environment: this.clusters.get(group.kafkaCluster)?.environment ?? null,
      service: group.ownerService,
      kafkaCluster: group.kafkaCluster,
      group: group.groupId,
    };
  }
}

function clear(
  rule: 'group-err' | 'group-unconsumed-lag',
  group: GroupLagSummary,
  now: number,
  what: string,
  body: string,
): RuleSignal {
  return {
    type: 'clear',
    clearance: {
      rule,
      key: group.key,
      at: now,
      title: `Consumer group ${group.groupId}: ${what} (lag ${formatCount(group.totalLag)})`,
      body,
    },
  };
}
