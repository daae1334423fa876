import { readFile } from 'node:fs/promises';
import { sandboxRegion } from '../../shared/ipc/sandbox';
import type { ConsoleConfigInput } from '../../electron/core/config/consoleConfig';
import {
  startHostProcess as startConsoleHost,
  type HostProcess as ConsoleHostProcess,
} from '../../electron/testing/consoleHostProcess';
import { benchKafkaCluster } from './consoleMonitors';
import type { SandboxEndpoints } from './sandboxMessages';

/**
 * The console host as `npm run host` starts it, in its own process (so its memory is its
 * own), with a config that points it at the bench's sandbox: the whole console core, fleet
 * and lag monitors included, serving the built renderer and the WebSocket.
 */
export interface HostProcess extends ConsoleHostProcess {
  /** The host's resident set size now, from /proc; null where /proc is missing. */
  rssBytes(): Promise<number | null>;
}

export async function startHostProcess(
  endpoints: SandboxEndpoints,
  timeoutMs = 120_000,
): Promise<HostProcess> {
  const config: ConsoleConfigInput = {
    environments: [{ name: 'bench', aws: { region: sandboxRegion, endpoint: endpoints.ecsEndpoint } }],
    kafka: [{ name: benchKafkaCluster, environment: 'bench', brokers: [endpoints.kafkaBootstrap] }],
  };
  const host = await startConsoleHost([], {
    config,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeoutMs,
    outputChars: 20_000,
  });
  return { ...host, rssBytes: () => rssOf(host.pid) };
}

/** VmRSS of a process, in bytes. */
async function rssOf(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) * 1024;
  } catch {
    return null;
  }
}
