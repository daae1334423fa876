/**
 * The sandbox in its own process, so the simulator's CPU is not counted as the console's.
 * Started by `sandboxProcess.ts` with its options as JSON; answers over the IPC channel.
 */
import { startSandbox, type SandboxOptions } from '../../electron/sandbox/sandbox';
import type { SandboxRequest, SandboxResponse } from './sandboxMessages';

const options = JSON.parse(process.argv[2] ?? '{}') as SandboxOptions;
const sandbox = await startSandbox(options);
let closing: Promise<void> | null = null;
const closeOnce = (): Promise<void> => (closing ??= sandbox.close());

function answer(request: SandboxRequest): Promise<SandboxResponse> | SandboxResponse {
  switch (request.kind) {
    case 'counts':
      return {
        kind: 'counts',
        ecs: [...sandbox.ecsCallCounts()],
        cloudWatch: [...sandbox.cloudWatchCallCounts()],
        kafka: [...sandbox.kafka.broker.requestCountsByApi()],
        cpuMicros: cpuMicros(),
      };
    case 'scenario':
      return sandbox
        .runScenario(request.scenario)
        .then((result) => ({ kind: 'scenario', summary: result.summary }));
    case 'groups':
      return { kind: 'groups', groupIds: sandbox.kafka.traffic?.groupIds() ?? [] };
    case 'close':
      return closeOnce().then(() => ({ kind: 'closed' }));
  }
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

process.on('message', (message: { id: number; request: SandboxRequest }) => {
  Promise.resolve()
    .then(() => answer(message.request))
    .then(
      (response) => process.send?.({ id: message.id, response }),
      (error: unknown) =>
        process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    )
    .finally(() => {
      if (message.request.kind === 'close') process.disconnect();
    });
});
process.on('disconnect', () => {
  void closeOnce().finally(() => process.exit(0));
});

process.send?.({
  ready: {
    ecsEndpoint: sandbox.ecsEndpoint,
    kafkaBootstrap: sandbox.kafkaBootstrap,
    seed: sandbox.seed,
  },
});
