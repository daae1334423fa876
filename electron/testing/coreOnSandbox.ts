import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleClient } from '../../shared/ipc/client';
import { startConsoleCore, type ConsoleCore, type ConsoleCoreOptions } from '../core/app/consoleCore';
import { createMemoryTransport } from './memoryTransport';
import { startSandbox, type Sandbox } from './sandboxTestHarness';

export interface CoreOnSandbox {
  core: ConsoleCore;
  /** A client over the in-memory transport, as a page has. */
  client: ConsoleClient;
  /** The sandbox the core started for itself. */
  sandbox(): Sandbox;
  close(): Promise<void>;
}

/**
 * The console core with no config, so on its own sandbox (the real one, answering over HTTP
 * and the Kafka protocol), in a fresh data folder, with a client over the contract.
 */
export async function startCoreOnSandbox(
  options: { seed: number } & Partial<Omit<ConsoleCoreOptions, 'dataDir' | 'startSandbox'>>,
): Promise<CoreOnSandbox> {
  const { seed, ...coreOptions } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'flarenet-core-'));
  let sandbox: Sandbox | undefined;
  const core = await startConsoleCore({
    shell: 'browser',
    env: {},
    version: '0.0.0-test',
    readOnlyReason: null,
    log: () => undefined,
    ...coreOptions,
    dataDir,
    startSandbox: async (sandboxOptions) =>
      (sandbox = await startSandbox({ ...sandboxOptions, seed, lively: false })),
  });
  const memory = createMemoryTransport(core.router);
  return {
    core,
    client: new ConsoleClient(memory.transport),
    sandbox: () => {
      if (!sandbox) throw new Error('The console did not start its sandbox.');
      return sandbox;
    },
    close: async () => {
      memory.close();
      await core.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
