import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { makeOwnerOnlyFolder, ownerOnlyFileMode } from '../app/ownerOnly';
import { ConsoleError } from '../ipc/consoleError';

const secretFileSchema = z.object({
  version: z.literal(1),
  /** name → value (plain file) or base64 ciphertext (encrypted file). */
  secrets: z.record(z.string(), z.string()),
});

/** One JSON file of name → string, written atomically with owner-only permissions. */
export class SecretFile {
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
