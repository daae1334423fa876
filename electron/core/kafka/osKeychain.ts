import { ConsoleError } from '../ipc/consoleError';
import type { SecretFile } from './secretFile';

/**
 * The operating system's keychain (macOS Keychain, Windows Credential Manager, the Secret
 * Service of GNOME Keyring or KWallet), one entry per secret. Passed in: the CLI and the host
 * load the real one, tests use one in memory, and nothing else ever writes to a user's keychain.
 * Each call throws when the keychain cannot be used (a Linux session without a Secret Service).
 */
export interface OsKeychain {
  set(name: string, value: string): void;
  get(name: string): string | null;
  delete(name: string): boolean;
}

const keychainService = 'FlareNet Console';

/**
 * The keychain unless the environment turns it off (`FLARENET_KEYCHAIN=off`: a headless server
 * whose keyring would prompt, or a test that must not touch the user's keychain).
 */
export function keychainFromEnvironment(env: NodeJS.ProcessEnv): (() => Promise<OsKeychain>) | undefined {
  return env.FLARENET_KEYCHAIN === 'off' ? undefined : loadOsKeychain;
}

/** The keychain through @napi-rs/keyring; rejects with the reason when its module cannot load here. */
export async function loadOsKeychain(): Promise<OsKeychain> {
  const { Entry } = await import('@napi-rs/keyring');
  return {
    set: (name, value) => new Entry(keychainService, name).setPassword(value),
    get: (name) => new Entry(keychainService, name).getPassword(),
    delete: (name) => new Entry(keychainService, name).deletePassword(),
  };
}

/**
 * The secrets this console keeps in the keychain. A keychain lists no entries by program, so
 * their names (never their values) are kept in a file beside the others.
 */
export class KeychainSecrets {
  private keychain: Promise<OsKeychain> | null = null;

  constructor(
    private readonly names: SecretFile,
    private readonly load: () => Promise<OsKeychain>,
  ) {}

  async list(): Promise<string[]> {
    return Object.keys(await this.names.read());
  }

  /** The value, or null when this console did not put a secret by that name in the keychain. */
  async get(name: string): Promise<string | null> {
    if (!Object.hasOwn(await this.names.read(), name)) return null;
    let value: string | null;
    try {
      value = (await this.open()).get(name);
    } catch (error) {
      throw new ConsoleError(
        'AUTH',
        `The secret ${name} is kept in the OS keychain, which cannot be read now (${reasonOf(error)}).`,
      );
    }
    if (value === null)
      throw new ConsoleError(
        'AUTH',
        `The secret ${name} is no longer in the OS keychain (removed outside the console?); set it again.`,
      );
    return value;
  }

  /** Keeps the value in the keychain; returns why it could not, or null once it is there. */
  async trySet(name: string, value: string): Promise<string | null> {
    try {
      (await this.open()).set(name, value);
    } catch (error) {
      return reasonOf(error);
    }
    const names = await this.names.read();
    names[name] = 'os-keychain';
    await this.names.write(names);
    return null;
  }

  async delete(name: string): Promise<boolean> {
    const names = await this.names.read();
    if (!Object.hasOwn(names, name)) return false;
    try {
      (await this.open()).delete(name);
    } catch (error) {
      throw new ConsoleError(
        'AUTH',
        `The secret ${name} is kept in the OS keychain, which cannot be changed now (${reasonOf(error)}).`,
      );
    }
    delete names[name];
    await this.names.write(names);
    return true;
  }

  private open(): Promise<OsKeychain> {
    this.keychain ??= this.load();
    return this.keychain;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
