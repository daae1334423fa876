import type { Sandbox, SandboxOptions } from './sandbox';

/**
 * Starts the sandbox, loading the simulator only when a source needs it: the entry points
 * hand this to the core, so a console on AWS never loads the simulated fleet.
 */
export async function startSandboxOnDemand(options: SandboxOptions): Promise<Sandbox> {
  const { startSandbox } = await import('./sandbox');
  return startSandbox(options);
}
