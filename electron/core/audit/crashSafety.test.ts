import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ECSClient } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ActionProgress, AuditEntry } from '../../../shared/actions/actionModel';
import { actionsExecute, actionsPlanRollback, actionsProgress } from '../../../shared/ipc/actions';
import { auditList } from '../../../shared/ipc/audit';
import { ConsoleClient } from '../../../shared/ipc/client';
import { FramedClient } from '../../../shared/ipc/framedClient';
import { serverMessageSchema } from '../../../shared/ipc/protocol';
import { describeOne, primaryDeployment } from '../../testing/actionTestFleet';
import { auditLogPath, parseAuditLog } from './auditLog';

/**
 * The audit log survives the console host being killed (SIGKILL: no cleanup runs) right
 * after an execution was accepted and in the middle of a rollout. The sandbox and the host
 * run as processes of their own, as they do for a person; the test drives the host over its
 * WebSocket, kills it, starts it again on the same data folder and checks what it wrote.
 */

const root = join(import.meta.dirname, '..', '..', '..');
const production = 'flarenet-production';
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FLARENET_CONFIG: '' };

interface Running {
  process: ChildProcess;
  stderr: string[];
  exited: Promise<void>;
}

let sandbox: Running;
let endpoint: string;
let ecs: ECSClient;
let dataDir: string;
let configPath: string;
const hosts: Running[] = [];

/** Starts a process and resolves once a stdout line matches, with what the pattern captured. */
function startProcess(args: string[], ready: RegExp): Promise<{ running: Running; match: RegExpMatchArray }> {
  // One process with the TypeScript loader, not the tsx wrapper: SIGKILL must hit the process that writes the log.
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = { process: child, stderr, exited };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`No ready line from ${args[0]}: ${stderr.join('\n')}`)),
      20_000,
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = ready.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve({ running, match });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited (${code}) before it was ready: ${stderr.join('\n')}`));
    });
  });
}

async function startHost(): Promise<{ host: Running; client: ConsoleClient; socket: WebSocket }> {
  const { running, match } = await startProcess(
    [
      'electron/host/hostCli.ts',
      '--port',
      '0',
      '--allow-actions',
      '--config',
      configPath,
      '--data-dir',
      dataDir,
    ],
    /host ready .*: (http:\/\/\S+)$/,
  );
  hosts.push(running);
  const url = new URL(match[1]!);
  const socket = new WebSocket(
    `ws://${url.host}/ws?token=${encodeURIComponent(url.searchParams.get('token') ?? '')}`,
    {
      headers: { Origin: url.origin },
    },
  );
  const framed = new FramedClient();
  socket.on('message', (data: WebSocket.RawData) => {
    const text = Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data as Buffer).toString('utf8');
    framed.receive(serverMessageSchema.parse(JSON.parse(text)));
  });
  socket.on('close', () => framed.connectionLost('closed', false));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  framed.connectionOpened((message) => socket.send(JSON.stringify(message)));
  return { host: running, client: new ConsoleClient(framed.transport), socket };
}

async function kill(running: Running): Promise<void> {
  running.process.kill('SIGKILL');
  await running.exited;
}

/** The line this test tears on purpose; after the next append it is an old damaged line, kept as it was. */
let tornLine: number | null = null;

async function readLog(): Promise<{ entries: AuditEntry[]; text: string }> {
  const text = await readFile(auditLogPath(dataDir), 'utf8');
  const { records, problems } = parseAuditLog(text);
  // Intact: every line is an entry, except at most a torn last line (and the one torn on purpose).
  const unexpected = problems.filter((problem) => problem.kind !== 'torn-tail' && problem.line !== tornLine);
  expect(unexpected).toEqual([]);
  expect(problems.filter((problem) => problem.kind === 'torn-tail').length).toBeLessThanOrEqual(1);
  return { entries: records.map((record) => record.entry), text };
}

async function waitForClosingEntry(actionId: string): Promise<AuditEntry> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { entries } = await readLog();
    const closing = entries.find((entry) => entry.actionId === actionId && entry.type !== 'start');
    if (closing) return closing;
    if (Date.now() > deadline) throw new Error(`Action ${actionId} was never settled.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function planAndExecute(client: ConsoleClient, service: string) {
  const plan = await client.request(actionsPlanRollback, { cluster: production, service });
  const { actionId } = await client.request(actionsExecute, { planId: plan.id, confirmation: service });
  return { plan, actionId };
}

beforeAll(async () => {
  const started = await startProcess(
    ['electron/sandbox/sandboxCli.ts', '--ecs-port', '0', '--seed', '42', '--calm'],
    /ECS endpoint\s+(http:\/\/\S+)/,
  );
  sandbox = started.running;
  endpoint = started.match[1]!;
  ecs = new ECSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-crash-'));
  configPath = join(dataDir, 'config.json');
  const aws = { region: 'us-east-1', endpoint };
  await writeFile(
    configPath,
    JSON.stringify({
      environments: [
        { name: 'staging', aws, clusters: ['flarenet-staging'] },
        { name: 'production', aws, clusters: [production] },
      ],
      deploymentPollIntervalMs: 500,
    }),
  );
}, 30_000);

afterAll(async () => {
  ecs?.destroy();
  for (const host of hosts) host.process.kill('SIGKILL');
  sandbox?.process.kill('SIGTERM');
  await Promise.all([...hosts.map((host) => host.exited), sandbox?.exited]);
  await rm(dataDir, { recursive: true, force: true });
});

describe('the audit log when the console host is killed', () => {
  it('stays intact and settles each unfinished action after a restart', async () => {
    // Killed as soon as the execution is accepted.
    const first = await startHost();
    const payments = await planAndExecute(first.client, 'payment-service');
    await kill(first.host);
    first.socket.terminate();
    const afterFirstKill = await readLog();
    const started = afterFirstKill.entries.filter((entry) => entry.actionId === payments.actionId);
    expect(started.map((entry) => entry.type)).toEqual(['start']);
    expect(started[0]).toMatchObject({
      kind: 'rollback',
      service: 'payment-service',
      actor: { identity: 'sandbox' },
    });

    // Restarted on the same data folder; killed in the middle of a second rollout.
    const second = await startHost();
    const orders = await planAndExecute(second.client, 'order-service');
    await new Promise<void>((resolve) => {
      second.client.subscribe(actionsProgress, { actionId: orders.actionId }, (progress: ActionProgress) => {
        const target = progress.deployments.find((deployment) => deployment.isTarget);
        if (progress.phase === 'in-progress' && target && target.rolloutState === 'IN_PROGRESS') resolve();
      });
    });
    await kill(second.host);
    second.socket.terminate();
    const afterSecondKill = await readLog();
    expect(
      afterSecondKill.entries
        .filter((entry) => entry.actionId === orders.actionId)
        .map((entry) => entry.type),
    ).toEqual(['start']);

    // A torn write at the end, as a crash in the middle of an append leaves it.
    await writeFile(auditLogPath(dataDir), `${afterSecondKill.text}{"v":1,"id":"torn`, { flag: 'w' });
    tornLine = afterSecondKill.text.split('\n').length;

    const third = await startHost();
    const [paymentsSettled, ordersSettled] = await Promise.all([
      waitForClosingEntry(payments.actionId),
      waitForClosingEntry(orders.actionId),
    ]);
    for (const [settled, plan] of [
      [paymentsSettled, payments.plan],
      [ordersSettled, orders.plan],
    ] as const) {
      expect(settled).toMatchObject({
        type: 'reconciliation',
        outcome: 'succeeded',
        to: { arn: plan.target.arn },
      });
      expect(settled.message).toMatch(/^The console stopped during the action/);
      const service = await describeOne(ecs, production, plan.service);
      expect(primaryDeployment(service)).toMatchObject({
        taskDefinition: plan.target.arn,
        rolloutState: 'COMPLETED',
      });
    }

    const { entries, text } = await readLog();
    expect(text.startsWith(afterSecondKill.text)).toBe(true);
    expect(entries.filter((entry) => entry.type === 'reconciliation')).toHaveLength(2);
    const listed = await third.client.request(auditList, { service: 'order-service' });
    expect(listed.records[0]?.entry).toMatchObject({ actionId: orders.actionId, type: 'reconciliation' });
    expect(listed.problems).toEqual([expect.stringMatching(/is not a readable entry/) as unknown]);
    expect(third.host.stderr.join('\n')).toMatch(/cut short/);
    third.socket.close();
  }, 60_000);
});
