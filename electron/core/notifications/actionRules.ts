import type { AuditEntry, AuditOutcome } from '../../../shared/actions/actionModel';
import type { NotificationSeverity } from '../../../shared/notifications/notificationModel';
import { capitalise } from '../../../shared/capitalise';
import { auditKindWords } from '../timeline/auditChanges';
import { linkTo, type RuleSignal } from './ruleSignals';

/**
 * The action rule, on the audit log: a rollback, promotion or sandbox scenario ended (or was
 * settled after a restart). It happened once, so there is nothing to clear. Entries dated
 * before `since` (what the log already held when the console started) are not news.
 */

const outcomeSeverity: Record<AuditOutcome, NotificationSeverity> = {
  succeeded: 'info',
  failed: 'error',
  'timed-out': 'error',
  'not-started': 'warning',
  unknown: 'warning',
};

export function actionSignals(entry: AuditEntry, since: number): RuleSignal[] {
  if ((entry.type !== 'end' && entry.type !== 'reconciliation') || entry.at < since) return [];
  const outcome = entry.outcome ?? 'unknown';
  const revisions =
    entry.from || entry.to ? ` (${entry.from?.label ?? '?'} → ${entry.to?.label ?? '?'})` : '';
  const what = `${capitalise(auditKindWords[entry.kind])}${entry.service ? ` of ${entry.service}` : ''}${revisions}`;
  return [
    {
      type: 'event',
      problem: {
        rule: 'action-finished',
        subject: {
          // One action at a time holds a service, so the service is the thing.
          key: `${entry.environment}|${entry.cluster ?? ''}|${entry.service ?? entry.actionId}`,
          environment: entry.environment,
          service: entry.service,
          kafkaCluster: null,
          group: null,
        },
        severity: outcomeSeverity[outcome],
        title: `${what} ${outcome.replace('-', ' ')}`,
        body: [entry.message, entry.error, `by ${entry.actor.identity}`]
          .filter((part) => part !== null && part !== '')
          .join(' — '),
        link:
          entry.cluster && entry.service
            ? linkTo({
                kind: 'service',
                environment: entry.environment,
                cluster: entry.cluster,
                service: entry.service,
              })
            : null,
      },
    },
  ];
}
