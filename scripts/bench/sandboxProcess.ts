import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SandboxScenario } from '../../shared/ipc/sandbox';
import type { SandboxOptions } from '../../electron/sandbox/sandbox';
import type { SandboxEndpoints, SandboxRequest, SandboxResponse } from './sandboxMessages';

const childScript = fileURLToPath(new URL('./sandboxChild.ts', import.meta.url));

export interface CallCounts {
  ecs: Map<string, number>;
  cloudWatch: Map<string, number>;
  kafka: Map<string, number>;
  sandboxCpuMicros: number;
}

/** The sandbox running in a child process, driven over its IPC channel. */
export class SandboxProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: SandboxResponse) => void; reject: (e: Error) => void }
  >();
  private exited: Error | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly endpoints: SandboxEndpoints,
  ) {
    child.on('message', (message: { id?: number; response?: SandboxResponse; error?: string }) => {
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error !== undefined) waiting.reject(new Error(message.error));
      else waiting.resolve(message.response!);
    });
    child.once('exit', (code, signal) => {
      this.exited = new Error(`the sandbox process ended (${signal ?? `exit code ${code}`})`);
      for (const waiting of this.pending.values()) waiting.reject(this.exited);
      this.pending.clear();
    });
  }

  static async start(options: SandboxOptions, timeoutMs = 180_000): Promise<SandboxProcess> {
    const child = fork(childScript, [JSON.stringify(options)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    });
    const endpoints = await new Promise<SandboxEndpoints>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the sandbox did not start within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      child.once('message', (message: { ready?: SandboxEndpoints }) => {
        clearTimeout(timer);
        if (message.ready) resolve(message.ready);
        else reject(new Error('the sandbox process answered before it was ready'));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the sandbox process exited with ${code} before it was ready`));
      });
    });
    return new SandboxProcess(child, endpoints);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async counts(): Promise<CallCounts> {
    const response = await this.ask({ kind: 'counts' });
    if (response.kind !== 'counts') throw new Error(`unexpected answer ${response.kind}`);
    return {
      ecs: new Map(response.ecs),
      cloudWatch: new Map(response.cloudWatch),
      kafka: new Map(response.kafka),
      sandboxCpuMicros: response.cpuMicros,
    };
  }

  async runScenario(scenario: SandboxScenario): Promise<string> {
    const response = await this.ask({ kind: 'scenario', scenario });
    if (response.kind !== 'scenario') throw new Error(`unexpected answer ${response.kind}`);
    return response.summary;
  }

  async groupIds(): Promise<string[]> {
    const response = await this.ask({ kind: 'groups' });
    if (response.kind !== 'groups') throw new Error(`unexpected answer ${response.kind}`);
    return response.groupIds;
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.ask({ kind: 'close' }).catch(() => undefined);
    await exit;
    clearTimeout(timer);
  }

  private ask(request: SandboxRequest): Promise<SandboxResponse> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, request });
    });
  }
}

/** Starts a sandbox, runs the work with it and always stops it. */
export async function withSandbox<T>(
  options: SandboxOptions,
  work: (sandbox: SandboxProcess) => Promise<T>,
): Promise<T> {
  const sandbox = await SandboxProcess.start(options);
  try {
    return await work(sandbox);
  } finally {
    await sandbox.close();
  }
}
