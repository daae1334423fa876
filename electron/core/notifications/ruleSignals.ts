import { linkTargetSchema, type LinkTarget } from '../../../shared/desktop/deepLink';
import type {
  NotificationRule,
  NotificationSeverity,
  NotificationSubject,
} from '../../../shared/notifications/notificationModel';

/**
 * What a rule's evaluator says about one thing: a problem that holds now (`raise`, said
 * again as long as it holds or only once, the notifier keeps one notification for it), that
 * it cleared (`clear`), or something that happened once and has nothing to clear (`event`).
 */

export interface Problem {
  rule: NotificationRule;
  subject: NotificationSubject;
  severity: NotificationSeverity;
  title: string;
  body: string;
  link: LinkTarget | null;
}

export interface Clearance {
  rule: NotificationRule;
  /** The subject's key: the thing whose problem cleared. */
  key: string;
  at: number;
  title: string;
  body: string;
}

export type RuleSignal =
  | { type: 'raise'; problem: Problem }
  | { type: 'event'; problem: Problem }
  | { type: 'clear'; clearance: Clearance };

/** The link when every part is a name the console can open; else none, rather than a broken one. */
export function linkTo(candidate: LinkTarget): LinkTarget | null {
  const parsed = linkTargetSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}
