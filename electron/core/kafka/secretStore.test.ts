import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleError } from '../ipc/consoleError';
import { keychainFromEnvironment, loadOsKeychain, type OsKeychain } from './osKeychain';
import { openSecretStore, type StringEncryption } from './secretStore';

/** AES-256-GCM under a key that lives only in this process: safeStorage's contract with real cryptography. */
function aesEncryption(key: Buffer = randomBytes(32)): StringEncryption {
  return {
    isEncryptionAvailable: () => true,
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

let dataDir: string;
let logged: string[];
const log = (line: string) => logged.push(line);

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'flarenet-secrets-'));
  logged = [];
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function filesText(): Promise<string> {
  const names = ['secrets.encrypted.json', 'secrets.plain.json'];
  const texts = await Promise.all(
    names.map((name) => readFile(join(dataDir, 'secrets', name), 'utf8').catch(() => '')),
  );
  return texts.join('\n');
}

describe('the encrypted store', () => {
  it('keeps values as ciphertext and reads them back', async () => {
    const store = openSecretStore({ dataDir, encryption: aesEncryption(), log });
    expect(store.encryptsAtRest).toBe(true);
    await store.set('orders-kafka', 's3cret-päss');
    await store.set('legacy-kafka', 'another one');

    expect(await store.get('orders-kafka')).toBe('s3cret-päss');
    expect(await store.get('absent')).toBeNull();
    expect(await store.list()).toEqual([
      { name: 'legacy-kafka', storage: 'desktop-encrypted' },
      { name: 'orders-kafka', storage: 'desktop-encrypted' },
    ]);
    const text = await filesText();
    expect(text).toContain('orders-kafka');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('another one');
    expect(logged.join('\n')).not.toContain('s3cret');
  });

  it('refuses a ciphertext it cannot decrypt without saying what it holds', async () => {
    await openSecretStore({ dataDir, encryption: aesEncryption(), log }).set('k', 'value-one');
    const otherKey = openSecretStore({ dataDir, encryption: aesEncryption(), log });
    const error = await otherKey.get('k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).code).toBe('AUTH');
    expect((error as ConsoleError).message).toContain('The secret k cannot be decrypted');
  });

  it('moves secrets set from the command line into the encrypted file', async () => {
    const key = randomBytes(32);
    await openSecretStore({ dataDir, log }).set('from-cli', 'typed at a terminal');

    const desktop = openSecretStore({ dataDir, encryption: aesEncryption(key), log });
    expect(await desktop.get('from-cli')).toBe('typed at a terminal');
    expect(await desktop.list()).toEqual([{ name: 'from-cli', storage: 'desktop-encrypted' }]);
    expect(await filesText()).not.toContain('typed at a terminal');
    expect(logged.at(-1)).toBe('Encrypted 1 secret(s) set from the command line: from-cli.');
  });

  it('deletes by name', async () => {
    const store = openSecretStore({ dataDir, encryption: aesEncryption(), log });
    await store.set('a', '1');
    await store.set('b', '2');
    expect(await store.delete('a')).toBe(true);
    expect(await store.delete('a')).toBe(false);
    expect((await store.list()).map((e) => e.name)).toEqual(['b']);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the name %s, which an object would lose, and keeps the other secrets',
    async (name) => {
      for (const encryption of [
        aesEncryption(),
        { ...aesEncryption(), isEncryptionAvailable: () => false },
      ]) {
        const store = openSecretStore({ dataDir, encryption, log });
        await store.set('kept', 'value');
        await expect(store.set(name, 'lost?')).rejects.toMatchObject({ code: 'VALIDATION' });
        await expect(store.get(name)).rejects.toThrow(/not a secret name/);
        expect(await store.get('kept')).toBe('value');
        expect((await store.list()).map((entry) => entry.name)).toEqual(['kept']);
      }
    },
  );

  it('falls back to the plain file when the OS offers no encryption', () => {
    const unavailable: StringEncryption = { ...aesEncryption(), isEncryptionAvailable: () => false };
    const store = openSecretStore({ dataDir, encryption: unavailable, log });
    expect(store.encryptsAtRest).toBe(false);
  });

  it('says plainly that a Linux desktop without a keyring does not encrypt, and keeps the file owner-only', async () => {
    const fixedKey: StringEncryption = { ...aesEncryption(), getSelectedStorageBackend: () => 'basic_text' };
    const store = openSecretStore({ dataDir, encryption: fixedKey, log });
    expect(store.encryptsAtRest).toBe(false);
    await store.set('orders-kafka', 'kept plain');
    expect(logged).toEqual([
      expect.stringMatching(/not encrypted at rest here \(this desktop has no keyring/),
    ]);
    expect(await filesText()).toContain('kept plain');

    const keyring: StringEncryption = {
      ...aesEncryption(),
      getSelectedStorageBackend: () => 'gnome_libsecret',
    };
    expect(openSecretStore({ dataDir, encryption: keyring, log }).encryptsAtRest).toBe(true);
  });
});

describe('the plain store', () => {
  it('writes an owner-only file in an owner-only folder and warns once that it is not encrypted', async () => {
    const store = openSecretStore({ dataDir, log });
    await store.set('orders-kafka', 'v1');
    await store.set('orders-kafka', 'v2');
    expect(await store.get('orders-kafka')).toBe('v2');

    const folder = await stat(join(dataDir, 'secrets'));
    const file = await stat(join(dataDir, 'secrets', 'secrets.plain.json'));
    expect(folder.mode & 0o777).toBe(0o700);
    expect(file.mode & 0o777).toBe(0o600);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^Warning: secrets are not encrypted at rest here/);
    expect(logged[0]).not.toContain('v2');
  });

  it('lists names the desktop app encrypted but cannot read them', async () => {
    await openSecretStore({ dataDir, encryption: aesEncryption(), log }).set('desktop-only', 'x');
    const cli = openSecretStore({ dataDir, log });
    expect(await cli.list()).toEqual([{ name: 'desktop-only', storage: 'desktop-encrypted' }]);
    await expect(cli.get('desktop-only')).rejects.toThrow(/stored encrypted by the desktop app/);
    expect(await cli.delete('desktop-only')).toBe(true);
    expect(await cli.list()).toEqual([]);
  });

  it('keeps concurrent changes', async () => {
    const store = openSecretStore({ dataDir, log });
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => store.set(name, name.toUpperCase())));
    expect((await store.list()).map((e) => e.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps the changes of two processes writing at once', async () => {
    // Two stores on one folder have separate queues, as the desktop app and the CLI do.
    const app = openSecretStore({ dataDir, log });
    const cli = openSecretStore({ dataDir, log });
    const names = (prefix: string) => Array.from({ length: 15 }, (_, index) => `${prefix}-${index}`);
    await Promise.all([
      ...names('app').map((name) => app.set(name, name)),
      ...names('cli').map((name) => cli.set(name, name)),
    ]);
    expect((await app.list()).map((entry) => entry.name).sort()).toEqual(
      [...names('app'), ...names('cli')].sort(),
    );
  });

  it('takes over the lock of a process that died holding it', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    await mkdir(join(dataDir, 'secrets'), { recursive: true });
    await writeFile(join(dataDir, 'secrets', 'secrets.lock'), `${dead}\n`);
    const store = openSecretStore({ dataDir, log });
    await store.set('after-crash', 'v');
    expect(await store.get('after-crash')).toBe('v');
  });

  it.each(['', 'with space', '../escape', 'x'.repeat(101)])('refuses the name %j', async (name) => {
    const store = openSecretStore({ dataDir, log });
    await expect(store.set(name, 'v')).rejects.toThrow(/is not a secret name/);
  });
});

/** A keychain in memory, as the OS one behaves: entries by name, or a refusal for every call. */
function memoryKeychain(refusal?: string) {
  const entries = new Map<string, string>();
  const check = () => {
    if (refusal) throw new Error(refusal);
  };
  const keychain: OsKeychain = {
    set: (name, value) => {
      check();
      entries.set(name, value);
    },
    get: (name) => {
      check();
      return entries.get(name) ?? null;
    },
    delete: (name) => {
      check();
      return entries.delete(name);
    },
  };
  return { entries, load: () => Promise.resolve(keychain) };
}

describe('the OS keychain, for the console host and the CLI', () => {
  it('is used unless the environment turns it off', () => {
    expect(keychainFromEnvironment({})).toBe(loadOsKeychain);
    expect(keychainFromEnvironment({ FLARENET_KEYCHAIN: 'off' })).toBeUndefined();
  });

  it('keeps values in the keychain, only their names beside the other files, and warns of nothing', async () => {
    const keychain = memoryKeychain();
    const store = openSecretStore({ dataDir, keychain: keychain.load, log });
    await store.set('orders-kafka', 'kept-in-keychain');
    expect(store.encryptsAtRest).toBe(true);
    expect(keychain.entries.get('orders-kafka')).toBe('kept-in-keychain');
    expect(await store.get('orders-kafka')).toBe('kept-in-keychain');
    expect(await store.list()).toEqual([{ name: 'orders-kafka', storage: 'os-keychain' }]);
    expect(await filesText()).not.toContain('kept-in-keychain');
    expect(await readFile(join(dataDir, 'secrets', 'secrets.keychain.json'), 'utf8')).toContain(
      'orders-kafka',
    );
    expect(logged).toEqual([]);

    expect(await store.delete('orders-kafka')).toBe(true);
    expect(keychain.entries.size).toBe(0);
    expect(await store.list()).toEqual([]);
  });

  it('moves a secret out of the plain file when it is set again with a keychain', async () => {
    await openSecretStore({ dataDir, log }).set('orders-kafka', 'old-plain');
    const keychain = memoryKeychain();
    const store = openSecretStore({ dataDir, keychain: keychain.load, log });
    await store.set('orders-kafka', 'new-in-keychain');
    expect(await filesText()).not.toContain('old-plain');
    expect(await store.get('orders-kafka')).toBe('new-in-keychain');
  });

  it('falls back to the owner-only file where the keychain refuses, saying why', async () => {
    const keychain = memoryKeychain("Couldn't access platform storage: no Secret Service");
    const store = openSecretStore({ dataDir, keychain: keychain.load, log });
    await store.set('orders-kafka', 'plain-after-all');
    expect(store.encryptsAtRest).toBe(false);
    expect(await store.get('orders-kafka')).toBe('plain-after-all');
    expect(await store.list()).toEqual([{ name: 'orders-kafka', storage: 'plain-file' }]);
    expect(logged).toEqual([
      expect.stringMatching(
        /not encrypted at rest here \(the OS keychain cannot be used: .*no Secret Service\)/,
      ),
    ]);
    expect(logged[0]).not.toContain('plain-after-all');
  });

  it('lets the desktop app read, and delete, what the CLI put in the keychain', async () => {
    const keychain = memoryKeychain();
    await openSecretStore({ dataDir, keychain: keychain.load, log }).set('from-cli', 'cli-value');
    const desktop = openSecretStore({ dataDir, encryption: aesEncryption(), keychain: keychain.load, log });
    expect(await desktop.get('from-cli')).toBe('cli-value');
    expect(await desktop.list()).toEqual([{ name: 'from-cli', storage: 'os-keychain' }]);
    expect(await desktop.delete('from-cli')).toBe(true);
    expect(keychain.entries.size).toBe(0);
  });

  it('gives the desktop app a password changed from the CLI, in the keychain or the plain file', async () => {
    for (const keychain of [memoryKeychain(), null]) {
      const desktop = openSecretStore({
        dataDir,
        encryption: aesEncryption(),
        ...(keychain ? { keychain: keychain.load } : {}),
        log,
      });
      await desktop.set('orders-kafka', 'old');
      await openSecretStore({ dataDir, ...(keychain ? { keychain: keychain.load } : {}), log }).set(
        'orders-kafka',
        'new',
      );
      expect(await desktop.get('orders-kafka')).toBe('new');
    }
  });

  it('says a keychain secret cannot be read now rather than that it is missing', async () => {
    const keychain = memoryKeychain();
    await openSecretStore({ dataDir, keychain: keychain.load, log }).set('orders-kafka', 'v');
    const locked = memoryKeychain('The keychain is locked');
    const store = openSecretStore({ dataDir, keychain: locked.load, log });
    const refused = await store.get('orders-kafka').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConsoleError);
    expect(refused).toMatchObject({ code: 'AUTH' });
    expect((refused as ConsoleError).message).toMatch(
      /kept in the OS keychain, which cannot be read now \(The keychain is locked\)/,
    );
  });
});
