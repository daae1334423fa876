import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from './fileLock';

let folder: string;
let lockPath: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'flarenet-lock-'));
  lockPath = join(folder, 'things.lock');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a lock file', () => {
  it('lets one job in at a time and is gone after the last', async () => {
    const order: string[] = [];
    const job = (name: string) => async () => {
      order.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push(`${name} out`);
    };
    await Promise.all([
      withFileLock(lockPath, 'Things', job('a')),
      withFileLock(lockPath, 'Things', job('b')),
    ]);
    expect(order).toEqual(
      order[0] === 'a in' ? ['a in', 'a out', 'b in', 'b out'] : ['b in', 'b out', 'a in', 'a out'],
    );
    await expect(readFile(lockPath, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over the lock of a process that died, and leaves a lock another holder took in place', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await writeFile(lockPath, `${dead} 0123\n`);
    const someoneElse = `${process.pid} another-hold\n`;
    await withFileLock(lockPath, 'Things', async () => {
      // As if this hold had been taken over while its job ran.
      await writeFile(lockPath, someoneElse);
    });
    expect(await readFile(lockPath, 'utf8')).toBe(someoneElse);
  });
});
