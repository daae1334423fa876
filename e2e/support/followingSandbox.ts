import { ManualClock } from '../../electron/sandbox/sandboxClock';
import { startSandbox, type Sandbox } from '../../electron/sandbox/sandbox';
import { sandboxRegion } from '../../shared/ipc/sandbox';

/**
 * A sandbox started by the spec, its clock following this machine's some minutes behind.
 * CloudWatch counts whole minutes and an alarm needs some of them: a spec keeps the sandbox
 * behind until a bad deploy, then lets it catch up at once (`catchUp`), so the minutes of
 * errors, and the alarm they trip, are there at once rather than minutes later.
 */
export interface FollowingSandbox {
  sandbox: Sandbox;
  clock: ManualClock;
  /** A console config for the host: staging and production, as the console sees its built-in sandbox. */
  hostConfig: {
    environments: { name: string; aws: { region: string; endpoint: string }; clusters: string[] }[];
  };
  /** Brings the sandbox's clock up to this machine's at once, and keeps it there. */
  catchUp(): void;
  close(): Promise<void>;
}

/** How often the sandbox's clock is moved to follow this machine's. */
const followEveryMs = 250;

export async function startFollowingSandbox(options: {
  behindMs: number;
  seed: number;
}): Promise<FollowingSandbox> {
  let behindMs = options.behindMs;
  const clock = new ManualClock(Date.now() - behindMs);
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    ecsPort: 0,
    seed: options.seed,
    lively: false,
    clock,
  });
  const follow = () => sandbox.advance(Math.max(0, Date.now() - behindMs - clock.now()));
  const timer = setInterval(follow, followEveryMs);
  const aws = { region: sandboxRegion, endpoint: sandbox.ecsEndpoint };
  return {
    sandbox,
    clock,
    hostConfig: {
      environments: [
        { name: 'staging', aws, clusters: ['flarenet-staging'] },
        { name: 'production', aws, clusters: ['flarenet-production'] },
      ],
    },
    catchUp: () => {
      behindMs = 0;
      follow();
    },
    close: async () => {
      clearInterval(timer);
      await sandbox.close();
    },
  };
}
