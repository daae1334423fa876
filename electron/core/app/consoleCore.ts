import type { LockHolder } from '../../../shared/actions/actionModel';
import type { AppInfo } from '../../../shared/ipc/app';
import { createActionServices } from '../actions/actionServices';
import type { ConsoleConfig, EnvironmentConfig } from '../config/consoleConfig';
import { openConsoleSource, type ConsoleSource, type StartSandbox } from '../config/consoleSource';
import { EcsClientFactory } from '../fleet/ecsClients';
import { registerFleetHandlers } from '../fleet/fleetHandlers';
import { FleetMonitor } from '../fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../fleet/fleetTargets';
import { IpcRouter } from '../ipc/router';
import { createKafkaServices } from '../kafka/kafkaServices';
import { registerKafkaHandlers } from '../kafka/kafkaHandlers';
import type { StringEncryption } from '../kafka/secretStore';
import type { OsKeychain } from '../kafka/osKeychain';
import { registerLogHandlers } from '../logs/logHandlers';
import { registerNotificationHandlers } from '../notifications/notificationHandlers';
import { startNotifications, type NotificationService } from '../notifications/notificationService';
import { LogService } from '../logs/logService';
import { startMetricsServices } from '../metrics/metricsServices';
import { feedAlarmChanges } from '../notifications/alarmFeed';
import { registerOverviewHandlers } from '../overview/overviewHandlers';
import { AuditLogFollower } from '../timeline/auditChanges';
import { registerTimelineHandlers } from '../timeline/timelineHandlers';
import { createTimelineRecorder } from '../timeline/timelineRecorder';
import { registerTopologyHandlers } from '../topology/topologyHandlers';
import { topologySpecFor } from '../topology/topologySpec';
import { AppInfoFeed, registerAppHandlers } from './appInfoHandlers';
import { registerSandboxHandlers } from './sandboxHandlers';
import { readOnlyPolicy } from './readOnlyPolicy';
import { serviceTagsByName } from '../../../shared/topology/serviceTags';

export interface ConsoleCoreOptions {
  shell: AppInfo['shell'];
  dataDir: string;
  env: NodeJS.ProcessEnv;
  version: string;
  /** A config file to use instead of the one in the data folder or FLARENET_CONFIG. */
  configPath?: string;
  /** Why actions are refused, or null when they are allowed. */
  readOnlyReason: string | null;
  /** Allow actions anyway when the console runs on its sandbox, where nothing real can change. */
  allowActionsOnSandbox?: boolean;
  /** `controlToken`: the token the sandbox's controls ask for; the console host passes its own. */
  sandbox?: { seed?: number; ecsPort?: number; kafkaPort?: number; controlToken?: string };
  /** Starts the sandbox when no source is configured; the entry point owns the simulator. */
  startSandbox: StartSandbox;
  /** Electron's safeStorage, for Kafka secrets; the console host uses the OS keychain (`keychain`), or an owner-only file without one. */
  encryption?: StringEncryption;
  /** The OS keychain for Kafka secrets (see osKeychain.ts); absent in tests. */
  keychain?: () => Promise<OsKeychain>;
  /** Where audit exports may go besides the data folder; the desktop's Downloads folder in Electron. */
  downloadsDir?: string;
  log: (line: string) => void;
}

/** Everything behind the contract: the same in the Electron main process and the console host. */
export interface ConsoleCore {
  router: IpcRouter;
  /** As it is now: the environments change when the console's sandbox is rebuilt at another size. */
  readonly info: AppInfo;
  /**
   * The rollbacks and promotions under way now (each holds its service until its end is in
   * the audit log), empty when none is: the desktop app does not update in the middle of one.
   */
  actionsUnderWay(): LockHolder[];
  /**
   * Turns the console-wide read-only switch: with a reason every action is refused, with null
   * they run again. Only the desktop app's own menu turns it; no channel lets a page do so, or a
   * read-only wall screen could be switched to run actions by a crafted message.
   */
  setReadOnly(reason: string | null): void;
  /** What the console tells (inbox, webhooks); the desktop app shows each as a native notification too. */
  notifications: NotificationService;
  close(): Promise<void>;
}

/**
 * Loads the config (or starts the sandbox when there is none), starts the monitors and
 * registers every channel's handler. A broken config does not stop the console: it starts
 * with no fleet and says what is wrong, rather than showing sandbox data as if it were real.
 */
export async function startConsoleCore(options: ConsoleCoreOptions): Promise<ConsoleCore> {
  let source: ConsoleSource | null = null;
  let configError: string | null = null;
  try {
    source = await openConsoleSource({
      flags: { config: options.configPath },
      env: options.env,
      dataDir: options.dataDir,
      startSandbox: options.startSandbox,
      sandbox: {
        seed: options.sandbox?.seed,
        ecsPort: options.sandbox?.ecsPort ?? 0,
        kafkaPort: options.sandbox?.kafkaPort ?? 0,
        ...(options.sandbox?.controlToken ? { controlToken: options.sandbox.controlToken } : {}),
      },
    });
    options.log(source.description);
  } catch (error) {
    configError = error instanceof Error ? error.message : String(error);
    options.log(configError);
  }

  const config: ConsoleConfig | null = source?.config ?? null;
  const sandbox = source?.sandbox ?? null;
  let readOnlyReason = sandbox && options.allowActionsOnSandbox ? null : options.readOnlyReason;
  const router = new IpcRouter({
    actionPolicy: readOnlyPolicy(() => readOnlyReason),
    onHandlerError: (channel, error) =>
      options.log(
        `Handler for ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
    log: options.log,
  });

  const clients = new EcsClientFactory();
  const environments = config?.environments ?? [];
  const monitor = new FleetMonitor({
    targets: config ? fleetTargetsFromConfig(config, clients) : [],
    now: Date.now,
    pollIntervalMs: config?.pollIntervalMs,
    deploymentPollIntervalMs: config?.deploymentPollIntervalMs,
    onError: (error) =>
      options.log(`Fleet monitor: ${error instanceof Error ? error.message : String(error)}`),
  });
  monitor.start();

  const info = new AppInfoFeed(
    {
      version: options.version,
      source: sandbox ? 'sandbox' : 'aws',
      shell: options.shell,
      readOnly: readOnlyReason !== null,
      readOnlyReason,
      environments: infoEnvironments(environments),
      configError,
      sandboxEndpoints: sandbox ? { ecs: sandbox.ecsEndpoint, kafka: sandbox.kafkaBootstrap } : null,
    },
    (error) => options.log(`App info subscriber: ${error instanceof Error ? error.message : String(error)}`),
  );

  const actions = createActionServices({
    config,
    clients,
    dataDir: options.dataDir,
    log: options.log,
    readOnlyReason,
    fleet: monitor,
    // The embedded sandbox starts afresh each launch: its history is not the audit log's.
    fleetIsEphemeral: sandbox !== null,
    // The Kafka side opens the secret store below; the team lock first needs it at an action.
    team: { via: options.shell === 'electron' ? 'console' : 'host', secrets: () => kafka.secrets },
    ...(options.downloadsDir ? { downloadsDir: options.downloadsDir } : {}),
  });

  const logs = new LogService({ environments, ecsClients: clients, log: options.log });
  const kafka = createKafkaServices({
    config,
    dataDir: options.dataDir,
    log: options.log,
    knownServices: () => [...new Set(monitor.snapshot().services.map((service) => service.serviceName))],
    serviceTags: () => serviceTagsByName(monitor.snapshot().services),
    ...(options.encryption ? { encryption: options.encryption } : {}),
    ...(options.keychain ? { keychain: options.keychain } : {}),
  });

  registerAppHandlers(router, info);
  registerLogHandlers(router, logs);
  registerKafkaHandlers(router, kafka);
  const topologySpec = topologySpecFor({
    topology: config?.topology,
    kafka: config?.kafka,
    onSandbox: sandbox !== null,
  });
  registerTopologyHandlers(router, () => topologySpec);
  const metrics = startMetricsServices(router, { config, fleet: monitor, log: options.log });
  registerFleetHandlers(router, monitor, { alsoOnRefresh: () => metrics.monitor.refresh() });
  const timeline = createTimelineRecorder({
    fleet: monitor,
    lag: kafka.lagMonitor,
    metrics: metrics.monitor,
    audit: new AuditLogFollower(actions.auditLog, { scope: actions.auditScope }),
    logs,
    log: options.log,
  });
  registerTimelineHandlers(router, timeline);
  const notifications = await startNotifications({
    dataDir: options.dataDir,
    fleet: monitor,
    lag: kafka.lagMonitor,
    audit: new AuditLogFollower(actions.auditLog, { scope: actions.auditScope }),
    webhooks: config?.notifications?.webhooks ?? [],
    secrets: kafka.secrets,
    log: options.log,
  });
  registerNotificationHandlers(router, notifications);
  const unfollowAlarms = feedAlarmChanges(metrics.monitor, notifications);
  registerOverviewHandlers(router, { fleet: monitor, metrics: metrics.monitor }, options.log);
  actions.register(router);
  if (sandbox) {
    registerSandboxHandlers(router, actions.auditedSandbox(sandbox), (scenario) => {
      // A rebuilt fleet is read again as the source follows it (below); one full read is enough.
      if (scenario.kind !== 'scale') void monitor.refresh();
    });
  }
  // The console's sandbox rescaled, from the Sandbox menu or its command line: everything that
  // looks clusters up follows, and pages are told. Other sources never call this.
  const unfollowSource = source?.followConfig((rebuilt) => {
    monitor.watch(fleetTargetsFromConfig(rebuilt, clients), { readAgain: true });
    logs.useEnvironments(rebuilt.environments);
    metrics.useConfig(rebuilt);
    actions.useEnvironments(rebuilt.environments);
    info.update({ ...info.current(), environments: infoEnvironments(rebuilt.environments) });
  });

  return {
    router,
    get info() {
      return info.current();
    },
    actionsUnderWay: () => actions.policy().locks,
    setReadOnly(reason) {
      readOnlyReason = reason;
      actions.useReadOnlyReason(reason);
      info.update({ ...info.current(), readOnly: reason !== null, readOnlyReason: reason });
    },
    notifications,
    close: async () => {
      unfollowSource?.();
      unfollowAlarms();
      notifications.close();
      timeline.close();
      metrics.close();
      await actions.close();
      logs.close();
      await kafka.close();
      monitor.stop();
      clients.destroyAll();
      await sandbox?.close();
    },
  };
}

function infoEnvironments(environments: readonly EnvironmentConfig[]): AppInfo['environments'] {
  return environments.map((environment) => ({
    name: environment.name,
    clusters: environment.clusters ?? [],
  }));
}
