import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from '../app/fileLock';
import { makeOwnerOnlyFolder, ownerOnlyFileMode } from '../app/ownerOnly';
import { z } from 'zod';
import { secretNamePattern } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';

/**
 * Passwords the console needs to reach Kafka (SASL), kept out of the config file. Values
 * stay in the main process: no IPC channel returns them and nothing here logs them.
 *
 * With Electron's safeStorage (OS keychain-backed) they are written encrypted. Without it —
 * the console host, the CLI — they go to a file only the user can read, and the store says
 * once, in the log, that it is not encrypted at rest. Secrets set from the CLI are readable
 * by the desktop app, which moves them into its encrypted file the next time it opens.
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
  /** Encrypted at rest; only the desktop app (with safeStorage) can read it. */
  encrypted: boolean;
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
  log: (line: string) => void;
}

const encryptedFileName = 'secrets.encrypted.json';
const plainFileName = 'secrets.plain.json';
const lockFileName = 'secrets.lock';

const secretFileSchema = z.object({
  version: z.literal(1),
  /** name → value (plain file) or base64 ciphertext (encrypted file). */
  secrets: z.record(z.string(), z.string()),
});

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
  if (!encryption)
    return new PlainSecretStore(
      directory,
      options.log,
      'no OS keychain; the desktop app encrypts them when it next starts',
    );
  if (!encryption.isEncryptionAvailable())
    return new PlainSecretStore(directory, options.log, 'this desktop offers the app no encryption');
  // On Linux without a keyring, Electron "encrypts" with a key every copy of it knows.
  if (encryption.getSelectedStorageBackend?.() === 'basic_text')
    return new PlainSecretStore(
      directory,
      options.log,
      'this desktop has no keyring (GNOME Keyring or KWallet), so encryption would use a fixed key',
    );
  return new EncryptedSecretStore(directory, encryption, options.log);
}

/** One JSON file of name → string, written atomically with owner-only permissions. */
class SecretFile {
  constructor(readonly path: string) {}

  async read(): Promise<Record<string, string>> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new ConsoleError('INTERNAL', `The secret file ${this.path} is not valid JSON.`);
    }
    const parsed = secretFileSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ConsoleError('INTERNAL', `The secret file ${this.path} is not in the expected format.`);
    }
    return parsed.data.secrets;
  }

  async write(secrets: Record<string, string>): Promise<void> {
    const directory = join(this.path, '..');
    await makeOwnerOnlyFolder(directory);
    const temporary = `${this.path}.${process.pid}.${Date.now()}.tmp`;
    const sorted = Object.fromEntries(Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : 1)));
    try {
      await writeFile(temporary, `${JSON.stringify({ version: 1, secrets: sorted }, null, 2)}\n`, {
        mode: ownerOnlyFileMode,
      });
      await chmod(temporary, ownerOnlyFileMode);
      await rename(temporary, this.path);
    } finally {
      await rm(temporary, { force: true });
    }
  }
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
  readonly encryptsAtRest = false;
  private readonly plain: SecretFile;
  private readonly encrypted: SecretFile;
  private warned = false;

  constructor(
    directory: string,
    private readonly log: (line: string) => void,
    private readonly notEncryptedBecause: string,
  ) {
    super(directory);
    this.plain = new SecretFile(join(directory, plainFileName));
    this.encrypted = new SecretFile(join(directory, encryptedFileName));
  }

  async list(): Promise<SecretEntry[]> {
    const [plain, encrypted] = await Promise.all([this.plain.read(), this.encrypted.read()]);
    return mergeEntries(Object.keys(plain), Object.keys(encrypted));
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
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
      this.warnOnce();
      const plain = await this.plain.read();
      plain[name] = value;
      await this.plain.write(plain);
    });
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return this.serially(async () => {
      let deleted = false;
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

  private warnOnce(): void {
    if (this.warned) return;
    this.warned = true;
    this.log(
      `Warning: secrets are not encrypted at rest here (${this.notEncryptedBecause}); they are kept in ${this.plain.path}, readable only by this user.`,
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
  ) {
    super(directory);
    this.plain = new SecretFile(join(directory, plainFileName));
    this.encrypted = new SecretFile(join(directory, encryptedFileName));
  }

  async list(): Promise<SecretEntry[]> {
    await this.migrate();
    const [plain, encrypted] = await Promise.all([this.plain.read(), this.encrypted.read()]);
    return mergeEntries(Object.keys(plain), Object.keys(encrypted));
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    await this.migrate();
    const encrypted = await this.encrypted.read();
    if (Object.hasOwn(encrypted, name)) return this.decrypt(name, encrypted[name]!);
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
    });
  }

  async delete(name: string): Promise<boolean> {
    assertSecretName(name);
    return this.serially(async () => {
      const encrypted = await this.encrypted.read();
      const had = Object.hasOwn(encrypted, name);
      if (had) {
        delete encrypted[name];
        await this.encrypted.write(encrypted);
      }
      return (await this.removePlain([name])) || had;
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

function mergeEntries(plainNames: string[], encryptedNames: string[]): SecretEntry[] {
  const entries = new Map<string, SecretEntry>();
  for (const name of plainNames) entries.set(name, { name, encrypted: false });
  for (const name of encryptedNames) entries.set(name, { name, encrypted: true });
  return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
