import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openConsoleSource, type SandboxHandle, type SandboxStartOptions } from './consoleSource';

/** One decision for every entry point: what is named wins, and a named source never falls back. */

let dataDir: string;
let started: SandboxStartOptions[];
const startSandbox = (options: SandboxStartOptions): Promise<SandboxHandle> => {
  started.push(options);
  return Promise.resolve({
    ecsEndpoint: 'http://127.0.0.1:4580',
    kafkaBootstrap: '127.0.0.1:19092',
    runScenario: () => Promise.reject(new Error('no scenarios here')),
    close: () => Promise.resolve(),
  });
};

const validConfig = JSON.stringify({
  environments: [{ name: 'production', aws: { region: 'eu-west-1' }, clusters: ['flarenet-production'] }],
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-source-'));
  started = [];
});

describe('openConsoleSource', () => {
  it('starts the sandbox through the injected factory when nothing is named or configured', async () => {
    const source = await openConsoleSource({
      flags: {},
      env: {},
      dataDir,
      startSandbox,
      sandbox: { seed: 7 },
    });
    expect(source.kind).toBe('sandbox');
    // Its controls are locked with a token nobody else was given.
    expect(started).toHaveLength(1);
    const { controlToken, ...rest } = started[0]!;
    expect(rest).toEqual({ host: '127.0.0.1', seed: 7 });
    expect(controlToken).toMatch(/^[\w-]{32}$/);
    expect(source.config.environments.map((e) => e.name)).toEqual(['staging', 'production']);
    expect(source.config.kafka?.[0]?.brokers).toEqual(['127.0.0.1:19092']);
    expect(source.description).toMatch(
      /running on a FlareNet sandbox \(ECS endpoint http:\/\/127\.0\.0\.1:4580/,
    );
  });

  it('watches every cluster a sandbox at scale has, and follows it when a rescale rebuilds it', async () => {
    let clusters = ['flarenet-staging', 'flarenet-production', 'flarenet-bench-3', 'flarenet-bench-4'];
    const rebuilt = new Set<() => void>();
    const scaled = (): Promise<SandboxHandle> =>
      Promise.resolve({
        ecsEndpoint: 'http://127.0.0.1:4580',
        kafkaBootstrap: '127.0.0.1:19092',
        clusterNames: () => clusters,
        onFleetRebuilt: (listener) => {
          rebuilt.add(listener);
          return () => rebuilt.delete(listener);
        },
        runScenario: () => Promise.resolve({ summary: 'Rebuilt the fleet.' }),
        close: () => Promise.resolve(),
      });
    const source = await openConsoleSource({ flags: {}, env: {}, dataDir, startSandbox: scaled });
    expect(source.config.environments.map((e) => [e.name, e.clusters])).toEqual([
      ['staging', ['flarenet-staging']],
      ['production', ['flarenet-production']],
      ['bench', ['flarenet-bench-3', 'flarenet-bench-4']],
    ]);
    expect(source.config.kafka?.[0]?.environment).toBe('production');

    const followed: string[][][] = [];
    const unfollow = source.followConfig((config) =>
      followed.push(config.environments.map((e) => [e.name, ...(e.clusters ?? [])])),
    );
    clusters = ['flarenet-production'];
    for (const listener of rebuilt) listener();
    expect(followed).toEqual([[['production', 'flarenet-production']]]);
    unfollow();
    expect(rebuilt.size).toBe(0);
  });

  it('follows nothing when the config comes from a file', async () => {
    await writeFile(join(dataDir, 'config.json'), validConfig);
    const source = await openConsoleSource({ flags: {}, env: {}, dataDir, startSandbox });
    const followed: unknown[] = [];
    source.followConfig((config) => followed.push(config))();
    expect(followed).toEqual([]);
  });

  it('leaves out a demo cluster a small sandbox does not have', async () => {
    const single = (): Promise<SandboxHandle> =>
      Promise.resolve({
        ecsEndpoint: 'http://127.0.0.1:4580',
        kafkaBootstrap: '127.0.0.1:19092',
        clusterNames: () => ['flarenet-staging'],
        runScenario: () => Promise.reject(new Error('no scenarios here')),
        close: () => Promise.resolve(),
      });
    const source = await openConsoleSource({ flags: {}, env: {}, dataDir, startSandbox: single });
    expect(source.config.environments.map((e) => [e.name, e.clusters])).toEqual([
      ['staging', ['flarenet-staging']],
    ]);
  });

  it('refuses a named config file that does not exist instead of falling back to the sandbox', async () => {
    const missing = join(dataDir, 'nowhere.json');
    await expect(
      openConsoleSource({ flags: {}, env: { FLARENET_CONFIG: missing }, dataDir, startSandbox }),
    ).rejects.toThrow(`The console config ${missing} does not exist (named by FLARENET_CONFIG).`);
    await expect(
      openConsoleSource({ flags: { config: missing }, env: {}, dataDir, startSandbox }),
    ).rejects.toThrow(/named by --config/);
    expect(started).toEqual([]);
  });

  it('refuses a named config file that is invalid, naming the file', async () => {
    const path = join(dataDir, 'broken.json');
    await writeFile(path, '{ "environments": [] }');
    await expect(
      openConsoleSource({ flags: { config: path }, env: {}, dataDir, startSandbox }),
    ).rejects.toThrow(path);
    expect(started).toEqual([]);
  });

  it('reads the config in the data folder when none is named', async () => {
    await writeFile(join(dataDir, 'config.json'), validConfig);
    const source = await openConsoleSource({ flags: {}, env: {}, dataDir, startSandbox });
    expect(source).toMatchObject({ kind: 'config', configPath: join(dataDir, 'config.json'), sandbox: null });
    expect(source.config.environments[0]?.aws.region).toBe('eu-west-1');
  });

  it('prefers a named config over the data folder, and a blank FLARENET_CONFIG names nothing', async () => {
    await writeFile(join(dataDir, 'config.json'), validConfig);
    const named = join(dataDir, 'named.json');
    await writeFile(
      named,
      JSON.stringify({ environments: [{ name: 'qa', aws: { region: 'us-west-2' }, clusters: ['qa'] }] }),
    );
    const fromFlag = await openConsoleSource({ flags: { config: named }, env: {}, dataDir, startSandbox });
    expect(fromFlag.config.environments.map((e) => e.name)).toEqual(['qa']);
    const blank = await openConsoleSource({
      flags: {},
      env: { FLARENET_CONFIG: '  ' },
      dataDir,
      startSandbox,
    });
    expect(blank.configPath).toBe(join(dataDir, 'config.json'));
  });

  it('takes an endpoint or brokers on the command line over any file', async () => {
    await writeFile(join(dataDir, 'config.json'), validConfig);
    const endpoint = await openConsoleSource({
      flags: {
        ecsEndpoint: 'http://127.0.0.1:9999',
        cluster: 'flarenet-staging',
        config: '/does/not/matter',
      },
      env: {},
      dataDir,
      startSandbox,
    });
    expect(endpoint.kind).toBe('command-line');
    expect(endpoint.config.environments).toEqual([
      expect.objectContaining({
        aws: { region: 'us-east-1', endpoint: 'http://127.0.0.1:9999' },
        clusters: ['flarenet-staging'],
      }),
    ]);
    const brokersOnly = await openConsoleSource({
      flags: { brokers: '127.0.0.1:9092' },
      env: {},
      dataDir,
      startSandbox,
    });
    expect(brokersOnly.config.environments).toEqual([]);
    expect(brokersOnly.config.kafka?.map((k) => k.brokers)).toEqual([['127.0.0.1:9092']]);
    expect(started).toEqual([]);
  });
});
