import type { AuditEntry } from '../../../shared/actions/actionModel';
import type { FleetEvent } from '../../../shared/fleet/fleetModel';
import type { LagEvent } from '../../../shared/kafka/kafkaModel';
import type { Mute, MuteScope } from '../../../shared/notifications/notificationModel';
import type { WebhookConfig } from '../config/consoleConfig';
import type { SecretStore } from '../kafka/secretStore';
import type { ServiceEventSource } from '../timeline/serviceEventQuestions';
import type { Subscribable } from '../timeline/timelineRecorder';
import { actionSignals } from './actionRules';
import { alarmSignals, type AlarmChange } from './alarmRules';
import { LagRules } from './lagRules';
import { MuteStore, type MuteState } from './muteStore';
import { NotificationInbox } from './notificationInbox';
import { Notifier, type Delivery, type Timers } from './notifier';
import { RolloutRules, unwatchedRolloutSignals } from './rolloutRules';
import type { RuleSignal } from './ruleSignals';
import { WebhookSink } from './webhookSinks';

/**
 * The console's notifications in main: the rules listen to the fleet monitor, the lag
 * monitor and the audit log (and take alarm changes from the alarm collector); the notifier
 * deduplicates and holds back what is muted or too soon; each notification goes to the
 * inbox, to the webhook sinks and to whoever else listens (the desktop app's notifications).
 * It runs whether or not a window is open, so a console closed to the tray still tells.
 */

export interface NotificationServiceOptions {
  dataDir: string;
  /** With `serviceDetails` (the FleetMonitor has it), a rollout over between two readings is checked in ECS's events. */
  fleet: Subscribable<FleetEvent> & Partial<ServiceEventSource>;
  lag?: Subscribable<LagEvent> | null;
  audit?: Subscribable<AuditEntry> | null;
  webhooks?: readonly WebhookConfig[];
  /** Where the webhooks' URLs are kept, by the names the config gives. */
  secrets?: Pick<SecretStore, 'get'> | null;
  now?: () => number;
  timers?: Timers;
  /** Waits between webhook attempts (see webhookSinks.ts). */
  webhookRetryDelaysMs?: readonly number[];
  log: (line: string) => void;
}

export interface NotificationService {
  readonly inbox: NotificationInbox;
  /** An alarm changed state: the alarm collector calls this. */
  alarmChanged(change: AlarmChange): void;
  mutes(): Mute[];
  setMute(scope: MuteScope, state: MuteState): Promise<Mute[]>;
  /** Each notification fired or resolved, as it is. */
  subscribe(listener: (delivery: Delivery) => void): () => void;
  close(): void;
}

export async function startNotifications(options: NotificationServiceOptions): Promise<NotificationService> {
  const now = options.now ?? Date.now;
  const since = now();
  const mutes = await MuteStore.open({ dataDir: options.dataDir, now, log: options.log });
  const inbox = new NotificationInbox();
  const listeners = new Set<(delivery: Delivery) => void>();

  const sinks = (options.webhooks ?? []).map(
    (webhook) =>
      new WebhookSink({
        name: webhook.name,
        format: webhook.format,
        url: async () => (options.secrets ? options.secrets.get(webhook.urlSecret) : null),
        ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
        onFailure: (sinkName, message) => {
          options.log(message);
          notifier.receive([deliveryFailed(sinkName, message)]);
        },
      }),
  );

  const notifier: Notifier = new Notifier({
    now,
    mutedUntil: (problem, at) => mutes.mutedUntil(problem.subject, at),
    ...(options.timers ? { timers: options.timers } : {}),
    deliver: (delivery) => {
      inbox.receive(delivery);
      // A sink's failure is not sent to the sinks: a broken one would report itself for ever.
      if (delivery.notification.rule !== 'delivery-failed')
        for (const sink of sinks) void sink.send(delivery);
      for (const listener of [...listeners]) listener(delivery);
    },
  });

  const lagRules = new LagRules();
  const rolloutRules = new RolloutRules(since);
  const take = (signals: RuleSignal[]) => {
    if (signals.length > 0) notifier.receive(signals);
  };
  const fleet = options.fleet;
  const readEvents = fleet.serviceDetails?.bind(fleet);
  const unsubscribes = [
    fleet.subscribe((event) => {
      take(rolloutRules.receive(event, now()));
      for (const unwatched of rolloutRules.takeUnwatched()) {
        if (!readEvents) continue;
        const { clusterName, serviceName } = unwatched.service;
        readEvents(clusterName, serviceName).then(
          (details) => take(unwatchedRolloutSignals(unwatched, details.events)),
          (error: unknown) =>
            options.log(
              `Notifications: could not read the ECS events of ${serviceName} (${clusterName}): ${error instanceof Error ? error.message : String(error)}`,
            ),
        );
      }
    }),
    ...(options.lag ? [options.lag.subscribe((event) => take(lagRules.receive(event, now())))] : []),
    ...(options.audit ? [options.audit.subscribe((entry) => take(actionSignals(entry, since)))] : []),
  ];

  return {
    inbox,
    alarmChanged: (change) => take(alarmSignals(change)),
    mutes: () => mutes.list(),
    setMute: async (scope, state) => {
      const list = await mutes.set(scope, state);
      // A mute lifted or shortened may let a held problem through now.
      notifier.review();
      return list;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    close() {
      for (const unsubscribe of unsubscribes) unsubscribe();
      notifier.close();
      listeners.clear();
    },
  };
}

function deliveryFailed(sinkName: string, message: string): RuleSignal {
  return {
    type: 'event',
    problem: {
      rule: 'delivery-failed',
      subject: {
        key: `webhook|${sinkName}`,
        environment: null,
        service: null,
        kafkaCluster: null,
        group: null,
      },
      severity: 'warning',
      title: `Webhook ${sinkName} could not deliver a notification`,
      body: message,
      link: null,
    },
  };
}
