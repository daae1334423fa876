import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tokenFromFile } from './hostToken';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'flarenet-token-'));
});

describe('tokenFromFile', () => {
  it('creates a missing file owner-only and gives the same token on the next start', async () => {
    const path = join(dir, 'host-token');
    const first = await tokenFromFile(path);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, 'utf8')).trim()).toBe(first);
    await expect(tokenFromFile(path)).resolves.toBe(first);
  });

  it('refuses a file other users can read', async () => {
    const path = join(dir, 'host-token');
    await writeFile(path, 'abcdefghijklmnopqrstuvwxyz\n');
    await chmod(path, 0o644);
    await expect(tokenFromFile(path)).rejects.toThrow(/can be read by other users \(mode 644\)/);
  });

  it('refuses a file without a usable token', async () => {
    const path = join(dir, 'host-token');
    await writeFile(path, 'short\n', { mode: 0o600 });
    await expect(tokenFromFile(path)).rejects.toThrow(/does not hold a usable token/);
  });
});
