import { sandboxRegion, sandboxScenarioResultSchema, type SandboxScenario } from '../../shared/ipc/sandbox';
import { startSandbox } from './sandbox';
import {
  parseSandboxCommandLine,
  type SandboxCommand,
  sandboxOptionsAtScale,
  sandboxUsage,
  UsageError,
} from './sandboxCommandLine';

/** `npm run sandbox -- ...`: runs the simulated fleet, or drives one that is running. */
async function main(argv: readonly string[]): Promise<number> {
  let command: SandboxCommand;
  try {
    command = parseSandboxCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\nRun "npm run sandbox -- --help" for usage.`);
    return 2;
  }
  switch (command.kind) {
    case 'help':
      console.log(sandboxUsage);
      return 0;
    case 'serve':
      return serve(command);
    case 'scenario':
      return postScenario(command.endpoint, command.scenario);
  }
}

async function serve(command: Extract<SandboxCommand, { kind: 'serve' }>): Promise<number> {
  let sandbox;
  try {
    sandbox = await startSandbox({
      host: command.host,
      ecsPort: command.ecsPort,
      kafkaPort: command.kafkaPort,
      seed: command.seed,
      lively: command.lively,
      ...sandboxOptionsAtScale(command.scale),
    });
  } catch (error) {
    const { code, port } = error as { code?: unknown; port?: unknown };
    if (code === 'EADDRINUSE') {
      const flag = port === command.kafkaPort ? '--kafka-port' : '--ecs-port';
      console.error(
        `Port ${typeof port === 'number' ? port : command.ecsPort} on ${command.host} is already in use. Choose another with ${flag} (0 picks a free one).`,
      );
      return 1;
    }
    throw error;
  }
  const endpoint = sandbox.ecsEndpoint;
  const bootstrap = sandbox.kafkaBootstrap;
  const groupIds = sandbox.kafka.traffic?.groupIds() ?? [];
  const groups =
    groupIds.length === 0
      ? 'none'
      : groupIds.length > 6
        ? `${groupIds.slice(0, 5).join(', ')} and ${(groupIds.length - 5).toLocaleString('en-US')} more`
        : groupIds.join(', ');
  const clusters = sandbox.simulation.listClusters();
  const services = clusters.reduce((sum, cluster) => sum + cluster.services.size, 0);
  console.log(`FlareNet sandbox running (seed ${sandbox.seed}${command.lively ? '' : ', calm'}).
  Fleet         ${clusters.length} clusters, ${services.toLocaleString('en-US')} services, ${groupIds.length.toLocaleString('en-US')} consumer groups
  ECS endpoint  ${endpoint}  (region ${sandboxRegion}, any credentials)
  Kafka         ${bootstrap}  (bootstrap servers; flarenet-production's traffic, groups ${groups})
  Health        GET  ${endpoint}/_sandbox/health
  Scenarios     POST ${endpoint}/_sandbox/scenario

Try:
  AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox aws ecs list-clusters --endpoint-url ${endpoint} --region ${sandboxRegion}
  kcat -b ${bootstrap} -L
  kcat -b ${bootstrap} -C -t payment-process -o -5 -e
  npm run sandbox -- scenario bad-deploy payment-service --cluster flarenet-production --circuit-breaker off --endpoint ${endpoint}
  npm run sandbox -- scenario consumer payment-service --behaviour stall --endpoint ${endpoint}

Ctrl-C stops it.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await sandbox.close();
  console.log('Sandbox stopped.');
  return 0;
}

async function postScenario(endpoint: string, scenario: SandboxScenario): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_sandbox/scenario`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(scenario),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    const reason =
      typeof cause?.code === 'string'
        ? cause.code
        : typeof cause?.message === 'string'
          ? cause.message
          : error instanceof Error
            ? error.message
            : String(error);
    const hint = reason === 'ECONNREFUSED' ? ' Start one with "npm run sandbox".' : '';
    console.error(`No sandbox answered at ${endpoint} (${reason}).${hint}`);
    return 1;
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = (body as { error?: unknown } | undefined)?.error;
    console.error(
      `The sandbox at ${endpoint} refused the scenario (HTTP ${response.status}): ${typeof message === 'string' ? message : text.slice(0, 200)}`,
    );
    return 1;
  }
  const result = sandboxScenarioResultSchema.safeParse(body);
  if (!result.success) {
    console.error(`${endpoint} answered, but not like a FlareNet sandbox: ${text.slice(0, 200)}`);
    return 1;
  }
  console.log(result.data.summary);
  if (result.data.taskDefinitionArn) console.log(`Task definition: ${result.data.taskDefinitionArn}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`The sandbox failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
