import type { SandboxScenario } from '../../shared/ipc/sandbox';

/** What the bench asks the sandbox in its own process, and what it answers. */
export type SandboxRequest =
  | { kind: 'counts' }
  | { kind: 'scenario'; scenario: SandboxScenario }
  | { kind: 'groups' }
  | { kind: 'close' };

export type SandboxResponse =
  | {
      kind: 'counts';
      ecs: [string, number][];
      cloudWatch: [string, number][];
      kafka: [string, number][];
      /** The sandbox process's own CPU since it started. */
      cpuMicros: number;
    }
  | { kind: 'scenario'; summary: string }
  | { kind: 'groups'; groupIds: string[] }
  | { kind: 'closed' };

export interface SandboxEndpoints {
  ecsEndpoint: string;
  kafkaBootstrap: string;
  seed: number;
}
