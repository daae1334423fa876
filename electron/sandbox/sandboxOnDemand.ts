import type { Sandbox, SandboxOptions } from './sandbox';
import { parseSandboxScale, sandboxOptionsAtScale } from './sandboxCommandLine';

/**
 * Starts the sandbox, loading the simulator only when a source needs it: the entry points
 * hand this to the core, so a console on AWS never loads the simulated fleet. Its size comes
 * from FLARENET_SANDBOX_SCALE (see `npm run sandbox -- --help`); a size it cannot read is
 * refused before anything starts.
 */
export async function startSandboxOnDemand(
  options: SandboxOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Sandbox> {
  const scale = sandboxOptionsAtScale(parseSandboxScale(env.FLARENET_SANDBOX_SCALE));
  const { startSandbox } = await import('./sandbox');
  return startSandbox({
    ...options,
    fleet: options.fleet ?? scale.fleet,
    kafka: { ...scale.kafka, ...options.kafka },
  });
}
