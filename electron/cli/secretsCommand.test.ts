import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, type CliRun } from '../testing/cliTestProcess';
import { readSecretValue } from './secretsCommand';

/** `cli secrets` as a person runs it: a separate process with its own data folder. */

let dataDir: string;

function runCli(args: string[], input = ''): Promise<CliRun> {
  return runCliProcess(args, {
    env: { FLARENET_DATA_DIR: dataDir, FLARENET_KEYCHAIN: 'off' },
    input,
    timeoutMs: 30_000,
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-cli-secrets-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('cli secrets', () => {
  it('stores a value from a pipe, lists names only, and deletes', async () => {
    const set = await runCli(['secrets', 'set', 'orders-kafka'], 'hunter2-pässword\n');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('');
    expect(set.stderr).toMatch(/^Warning: secrets are not encrypted at rest here/);
    expect(set.stderr).toContain('Stored orders-kafka.');
    expect(set.stderr).not.toContain('hunter2');
    const file = await readFile(join(dataDir, 'secrets', 'secrets.plain.json'), 'utf8');
    expect(JSON.parse(file)).toEqual({ version: 1, secrets: { 'orders-kafka': 'hunter2-pässword' } });

    const list = await runCli(['secrets', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('orders-kafka  not encrypted at rest\n');

    const removed = await runCli(['secrets', 'delete', 'orders-kafka']);
    expect(removed.code).toBe(0);
    const again = await runCli(['secrets', 'delete', 'orders-kafka']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('Error: no secret named orders-kafka.\n');
    const empty = await runCli(['secrets', 'list']);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('No secrets stored in');
  });

  it('refuses an empty value, a bad name and a missing action', async () => {
    const [emptyValue, badName, noAction] = await Promise.all([
      runCli(['secrets', 'set', 'x'], '\n'),
      runCli(['secrets', 'set', '../x'], 'value'),
      runCli(['secrets']),
    ]);
    expect(emptyValue.code).toBe(1);
    expect(emptyValue.stderr).toBe('Error: the value is empty; nothing was stored.\n');
    expect(badName.code).toBe(1);
    expect(badName.stderr).toContain('"../x" is not a secret name');
    expect(noAction.code).toBe(2);
    expect(noAction.stderr.split('\n')[0]).toBe('secrets needs set, list or delete.');
  });
});

describe('readSecretValue at a terminal', () => {
  it('reads without echo, honouring backspace, until Enter', async () => {
    const stream = Object.assign(new PassThrough(), {
      isTTY: true,
      rawModes: [] as boolean[],
      setRawMode(raw: boolean) {
        this.rawModes.push(raw);
        return this;
      },
    });
    const prompts: string[] = [];
    const value = readSecretValue({ stream, prompt: (text) => prompts.push(text) }, 'orders-kafka');
    stream.write('s3x\u007fcret');
    stream.write('\r');
    expect(await value).toBe('s3cret');
    expect(prompts).toEqual(['Value for orders-kafka (not shown): ', '\n']);
    expect(stream.rawModes).toEqual([true, false]);
  });

  it('gives up on Ctrl-C', async () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stream });
    const value = readSecretValue({ stream, prompt: () => {} }, 'x');
    stream.write('abc\u0003');
    await expect(value).rejects.toThrow('Cancelled; nothing was stored.');
  });
});
