import type { Readable } from 'node:stream';
import { defaultDataDirectory } from '../core/app/dataDirectory';
import { keychainFromEnvironment } from '../core/kafka/osKeychain';
import { openSecretStore, type SecretEntry } from '../core/kafka/secretStore';
import { UsageError, type CliCommand } from './cliCommand';

const usage = `Usage: flarenet secrets <set|list|delete> [name]

The passwords the console needs for Kafka (SASL), referred to by name from the config's
"passwordSecret". Values are never printed.

  secrets set <name>      read the value from the terminal (not shown) or from a pipe
  secrets list            the names of the stored secrets
  secrets delete <name>   forget a secret

The desktop app keeps secrets encrypted with the OS keychain. This command has no keychain:
what it stores is kept in a file only your user can read, and the desktop app encrypts it the
next time it starts. The data folder is FLARENET_DATA_DIR, or the platform's usual place.

Flags:
  -h, --help              this help`;

/** Where the command reads a value from; the process's own stdin outside tests. */
export interface SecretInput {
  stream: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  /** Where the prompt goes (never stdout, which may be a pipe). */
  prompt: (text: string) => void;
}

const storageWords: Record<SecretEntry['storage'], string> = {
  'os-keychain': 'in the OS keychain',
  'desktop-encrypted': 'encrypted (desktop app)',
  'plain-file': 'not encrypted at rest',
};

export function secretsCommandWith(input: () => SecretInput): CliCommand {
  return {
    name: 'secrets',
    summary: 'Store, list and delete the Kafka passwords the console uses (values never shown)',
    usage,
    options: {},
    async run(_values, positionals, io) {
      const [action, name, ...extra] = positionals;
      if (extra.length > 0) throw new UsageError(`Too many arguments: ${extra.join(' ')}.`);
      const store = openSecretStore({
        dataDir: defaultDataDirectory(io.env),
        keychain: keychainFromEnvironment(io.env),
        log: (line) => io.err(line),
      });
      switch (action) {
        case 'list': {
          if (name !== undefined) throw new UsageError('secrets list takes no name.');
          const entries = await store.list();
          if (entries.length === 0) {
            io.err(`No secrets stored in ${store.directory}.`);
            return 0;
          }
          const width = Math.max(...entries.map((e) => e.name.length));
          for (const entry of entries) {
            io.out(`${entry.name.padEnd(width)}  ${storageWords[entry.storage]}\n`);
          }
          return 0;
        }
        case 'set': {
          if (name === undefined) throw new UsageError('secrets set needs the secret name.');
          const value = await readSecretValue(input(), name);
          if (value === '') {
            io.err('Error: the value is empty; nothing was stored.');
            return 1;
          }
          await store.set(name, value);
          io.err(`Stored ${name}.`);
          return 0;
        }
        case 'delete': {
          if (name === undefined) throw new UsageError('secrets delete needs the secret name.');
          if (await store.delete(name)) {
            io.err(`Deleted ${name}.`);
            return 0;
          }
          io.err(`Error: no secret named ${name}.`);
          return 1;
        }
        default:
          throw new UsageError(
            action === undefined ? 'secrets needs set, list or delete.' : `Unknown action "${action}".`,
          );
      }
    },
  };
}

export const secretsCommand = secretsCommandWith(() => ({
  stream: process.stdin,
  prompt: (text) => process.stderr.write(text),
}));

/**
 * At a terminal the value is typed without echo; from a pipe it is the whole input, less
 * one final line break (`echo secret | … secrets set name`).
 */
export async function readSecretValue(input: SecretInput, name: string): Promise<string> {
  const { stream } = input;
  if (stream.isTTY && stream.setRawMode) return readWithoutEcho(input, name);
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function readWithoutEcho(input: SecretInput, name: string): Promise<string> {
  const { stream } = input;
  input.prompt(`Value for ${name} (not shown): `);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stream.off('data', onData);
      stream.setRawMode!(false);
      stream.pause();
      input.prompt('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new Error('Cancelled; nothing was stored.'));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    stream.setRawMode!(true);
    stream.on('data', onData);
    stream.resume();
  });
}
