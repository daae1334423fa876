import { appGetInfo, type AppInfo } from '../../shared/ipc/app';
import { loadConsoleConfig, sandboxConsoleConfig, type ConsoleConfig } from '../config/consoleConfig';
import { EcsClientFactory } from '../fleet/ecsClients';
import { registerFleetHandlers } from '../fleet/fleetHandlers';
import { FleetMonitor } from '../fleet/fleetMonitor';
import { fleetTargetsFromConfig } from '../fleet/fleetTargets';
import { IpcRouter } from '../ipc/router';
import type { Sandbox } from '../sandbox/sandbox';
import { registerSandboxHandlers } from '../sandbox/sandboxHandlers';
import { readOnlyPolicy } from './readOnlyPolicy';

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
  sandbox?: { seed?: number; ecsPort?: number };
  log: (line: string) => void;
}

/** Everything behind the contract: the same in the Electron main process and the console host. */
export interface ConsoleCore {
  router: IpcRouter;
  info: AppInfo;
  close(): Promise<void>;
}

/**
 * Loads the config (or starts the sandbox when there is none), starts the monitors and
 * registers every channel's handler. A broken config does not stop the console: it starts
 * with no fleet and says what is wrong, rather than showing sandbox data as if it were real.
 */
export async function startConsoleCore(options: ConsoleCoreOptions): Promise<ConsoleCore> {
  let config: ConsoleConfig | null = null;
  let configError: string | null = null;
  try {
    config = await loadConsoleConfig({
      path: options.configPath,
      dataDir: options.dataDir,
      env: options.env,
    });
  } catch (error) {
    configError = error instanceof Error ? error.message : String(error);
    options.log(configError);
  }

  let sandbox: Sandbox | null = null;
  if (config === null && configError === null) {
    const { startSandbox } = await import('../sandbox/sandbox');
    sandbox = await startSandbox({ seed: options.sandbox?.seed, ecsPort: options.sandbox?.ecsPort ?? 0 });
    config = sandboxConsoleConfig(sandbox.ecsEndpoint);
    options.log(`Running on the FlareNet sandbox (ECS endpoint ${sandbox.ecsEndpoint}).`);
  }

  const readOnlyReason = sandbox && options.allowActionsOnSandbox ? null : options.readOnlyReason;
  const router = new IpcRouter({
    actionPolicy: readOnlyPolicy(readOnlyReason),
    onHandlerError: (channel, error) =>
      options.log(
        `Handler for ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      ),
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

  const info: AppInfo = {
    version: options.version,
    source: sandbox ? 'sandbox' : 'aws',
    shell: options.shell,
    readOnly: readOnlyReason !== null,
    readOnlyReason,
    environments: environments.map((environment) => ({
      name: environment.name,
      clusters: environment.clusters ?? [],
    })),
    configError,
    sandboxEndpoints: sandbox ? { ecs: sandbox.ecsEndpoint } : null,
  };

  router.register(appGetInfo, () => info);
  registerFleetHandlers(router, monitor);
  if (sandbox) {
    const running = sandbox;
    registerSandboxHandlers(router, running, () => void monitor.refresh());
  }

  return {
    router,
    info,
    close: async () => {
      monitor.stop();
      clients.destroyAll();
      await sandbox?.close();
    },
  };
}
