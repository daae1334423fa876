import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from '../app/fileLock';
import { makeOwnerOnlyFolder } from '../app/ownerOnly';
import { secretNamePattern } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';
import { KeychainSecrets, type OsKeychain } from './osKeychain';
import { SecretFile } from './secretFile';

/**
 * Passwords the console needs to reach Kafka (SASL), kept out of the config file. Values
 * stay in the main process: no IPC channel returns them and nothing here logs them.
 *
 * The desktop app writes them encrypted with Electron's safeStorage. The console host and the
 * CLI keep them in the OS keychain; where there is none (a Linux session without a Secret
 * Service) they go to a file only the user can read, and the store says once, in the log,
 * that they are not encrypted at rest. Every store reads what the others wrote where it can:
 * the desktop app reads the keychain's secrets and moves the plain file's into its encrypted
 * one when it opens.
 */

/** Electron's safeStorage as this module uses it; passed in so this file never imports electron. */
export interface StringEncryption {
  isEncryptionAvailable(): boolean;
  /** Linux only: which keyring backs the encryption; `basic_text` means none does. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SecretEntry {
  name: string;
  /**
   * Where the value is: the OS keychain, the desktop app's encrypted file (which only the
   * desktop app can read), or the owner-only plain file (not encrypted at rest).
   */
  storage: 'os-keychain' | 'desktop-encrypted' | 'plain-file';
}

export interface SecretStore {
  /** Whether values written by this store are encrypted at rest. */
  readonly encryptsAtRest: boolean;
  /** The folder the secret files live in, for messages. */
  readonly directory: string;
  list(): Promise<SecretEntry[]>;
  /** The value, or null when there is no secret by that name. */
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(name: string): Promise<boolean>;
}

export interface SecretStoreOptions {
  /** The console's data folder; secrets live in its `secrets/` folder. */
  dataDir: string;
  encryption?: StringEncryption;
  /** The OS keychain, for the console host and the CLI (see osKeychain.ts). */
  keychain?: () => Promise<OsKeychain>;
  log: (line: string) => void;
}

const encryptedFileName = 'secrets.encrypted.json';
const plainFileName = 'secrets.plain.json';
const keychainNamesFileName = 'secrets.keychain.json';
const lockFileName = 'secrets.lock';

export function assertSecretName(name: string): void {
  if (!secretNamePattern.test(name)) {
    throw new ConsoleError(
      'VALIDATION',
      `"${name}" is not a secret name: use 1 to 100 letters, digits, dots, dashes or underscores, other than __proto__, constructor and prototype.`,
    );
  }
}

export function openSecretStore(options: SecretStoreOptions): SecretStore {
  const directory = join(options.dataDir, 'secrets');
  const { encryption } = options;
  const keychain = options.keychain
    ? new KeychainSecrets(new SecretFile(join(directory, keychainNamesFileName)), options.keychain)
    : null;
  const plain = (notEncryptedBecause: string) =>
    new PlainSecretStore(directory, options.log, notEncryptedBecause, keychain);
  if (!encryption) return plain(keychain ? 'the OS keychain cannot be used' : 'no OS keychain was offered');
  if (!encryption.isEncryptionAvailable()) return plain('this desktop offers the app no encryption');
  // On Linux without a keyring, Electron "encrypts" with a key every copy of it knows.
  if (encryption.getSelectedStorageBackend?.() === 'basic_text')
    return plain(
      'this desktop has no keyring (GNOME Keyring or KWallet), so encryption would use a fixed key',
    );
  return new EncryptedSecretStore(directory, encryption, options.log, keychain);
}

/**
 * Every change is a read-modify-write of a small file; the queue keeps two changes in
 * this process from losing one another, and a lock file does the same between processes
 * (the desktop app and the CLI at once).
 */
abstract class QueuedStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly directory: string) {}

  protected serially<T>(job: () => Promise<T>): Promise<T> {
    const locked = async () => {
      await makeOwnerOnlyFolder(this.directory);
      return withFileLock(join(this.directory, lockFileName), 'The secret store', job);
    };
    const next = this.queue.then(locked, locked);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

class PlainSecretStore extends QueuedStore implements SecretStore {
  private readonly plain: SecretFile;
  private readonly encrypted: SecretFile;
  private warned = false;

  constructor(
    directory: string,
    private readonly log: (line: string) => void,
    private readonly notEncryptedBecause: string,
    private readonly keychain: KeychainSecrets | null,
  ) {
    super(directory);
    this.plain = new SecretFile(join(directory, plainFileName));
    this.encrypted = new SecretFile(join(directory, encryptedFileName));
  }

  /** Whether a value written now is encrypted at rest: only once the keychain has taken one. */
  get encryptsAtRest(): boolean {
    return this.keychainWorks;
  }

  private keychainWorks = false;

  async list(): Promise<SecretEntry[]> {
    const [plain, encrypted, inKeychain] = await Promise.all([
      this.plain.read(),
      this.encrypted.read(),
      this.keychain?.list() ?? [],
    ]);
    return mergeEntries(Object.keys(plain), Object.keys(encrypted), inKeychain);
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    const inKeychain = await this.keychain?.get(name);
    if (inKeychain != null) return inKeychain;
    const plain = await this.plain.read();
    if (Object.hasOwn(plain, name)) return plain[name]!;
    const encrypted = await this.encrypted.read();
    if (Object.hasOwn(encrypted, name)) {
      throw new ConsoleError(
        'AUTH',
        `The secret ${name} is stored encrypted by the desktop app, which only it can read; set it again here with \`npm run cli -- secrets set ${name}\`.`,
      );
    }
    return null;
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    return this.serially(async () => {
      // The desktop app reads its encrypted file first: a value set here replaces the one
      // there, or the desktop would go on with the old password.
      const encrypted = await this.encrypted.read();
      if (Object.hasOwn(encrypted, name)) {
        delete encrypted[name];
        await this.encrypted.write(encrypted);
      }
      const plain = await this.plain.read();
      const refusal = this.keychain ? await this.keychain.trySet(name, value) : null;
      if (this.keychain && refusal === null) {
        this.keychainWorks = true;
        // The keychain holds it now: no copy stays behind in the plain file.
        if (Object.hasOwn(plain, name)) {
          delete plain[name];
          await this.plain.write(plain);
        }
        return;
      }
      this.warnOnce(refusal);
      plain[name] = value;
      await this.plain.write(plain);
    });
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return this.serially(async () => {
      let deleted = (await this.keychain?.delete(name)) ?? false;
      for (const file of [this.plain, this.encrypted]) {
        const secrets = await file.read();
        if (!Object.hasOwn(secrets, name)) continue;
        delete secrets[name];
        await file.write(secrets);
        deleted = true;
      }
      return deleted;
    });
  }

  private warnOnce(keychainRefusal: string | null): void {
    if (this.warned) return;
    this.warned = true;
    const why = keychainRefusal
      ? `${this.notEncryptedBecause}: ${keychainRefusal}`
      : this.notEncryptedBecause;
    this.log(
      `Warning: secrets are not encrypted at rest here (${why}); they are kept in ${this.plain.path}, readable only by this user.`,
    );
  }
}

class EncryptedSecretStore extends QueuedStore implements SecretStore {
  readonly encryptsAtRest = true;
  private readonly plain: SecretFile;
  private readonly encrypted: SecretFile;
  private migrated = false;

  constructor(
    directory: string,
    private readonly encryption: StringEncryption,
    private readonly log: (line: string) => void,
    private readonly keychain: KeychainSecrets | null,
  ) {
    super(directory);
    this.plain = new SecretFile(join(directory, plainFileName));
    this.encrypted = new SecretFile(join(directory, encryptedFileName));
  }

  async list(): Promise<SecretEntry[]> {
    await this.migrate();
    const [plain, encrypted, inKeychain] = await Promise.all([
      this.plain.read(),
      this.encrypted.read(),
      this.keychain?.list() ?? [],
    ]);
    return mergeEntries(Object.keys(plain), Object.keys(encrypted), inKeychain);
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    await this.migrate();
    const encrypted = await this.encrypted.read();
    if (Object.hasOwn(encrypted, name)) return this.decrypt(name, encrypted[name]!);
    const inKeychain = await this.keychain?.get(name);
    if (inKeychain != null) return inKeychain;
    const plain = await this.plain.read();
    return Object.hasOwn(plain, name) ? plain[name]! : null;
  }

  async set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    return this.serially(async () => {
      const encrypted = await this.encrypted.read();
      encrypted[name] = this.encryption.encryptString(value).toString('base64');
      await this.encrypted.write(encrypted);
      await this.removePlain([name]);
      // The encrypted value is read first; a keychain copy left behind would come back on delete.
      await this.keychain?.delete(name).catch(() => false);
    });
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return this.serially(async () => {
      const inKeychain = (await this.keychain?.delete(name)) ?? false;
      const encrypted = await this.encrypted.read();
      const had = Object.hasOwn(encrypted, name);
      if (had) {
        delete encrypted[name];
        await this.encrypted.write(encrypted);
      }
      return (await this.removePlain([name])) || had || inKeychain;
    });
  }

  /** Secrets the CLI wrote in the plain file move into the encrypted one, once per process. */
  private migrate(): Promise<void> {
    if (this.migrated) return Promise.resolve();
    return this.serially(async () => {
      if (this.migrated) return;
      this.migrated = true;
      const plain = await this.plain.read();
      const names = Object.keys(plain);
      if (names.length === 0) return;
      const encrypted = await this.encrypted.read();
      for (const name of names)
        encrypted[name] = this.encryption.encryptString(plain[name]!).toString('base64');
      await this.encrypted.write(encrypted);
      await this.removePlain(names);
      this.log(`Encrypted ${names.length} secret(s) set from the command line: ${names.join(', ')}.`);
    });
  }

  private async removePlain(names: string[]): Promise<boolean> {
    const plain = await this.plain.read();
    const present = names.filter((name) => Object.hasOwn(plain, name));
    if (present.length === 0) return false;
    for (const name of present) delete plain[name];
    if (Object.keys(plain).length === 0) await rm(this.plain.path, { force: true });
    else await this.plain.write(plain);
    return true;
  }

  private decrypt(name: string, base64: string): string {
    try {
      return this.encryption.decryptString(Buffer.from(base64, 'base64'));
    } catch {
      // The message says which secret, never what it holds.
      throw new ConsoleError(
        'AUTH',
        `The secret ${name} cannot be decrypted (was it written by another user or machine?); set it again.`,
      );
    }
  }
}

/** Where a name is in more than one place, the place read first wins, as `get` reads it. */
function mergeEntries(
  plainNames: string[],
  encryptedNames: string[],
  keychainNames: string[],
): SecretEntry[] {
  const entries = new Map<string, SecretEntry>();
  for (const name of plainNames) entries.set(name, { name, storage: 'plain-file' });
  for (const name of keychainNames) entries.set(name, { name, storage: 'os-keychain' });
  for (const name of encryptedNames) entries.set(name, { name, storage: 'desktop-encrypted' });
  return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
