import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  muteCovers,
  muteSchema,
  sameMuteScope,
  type Mute,
  type MuteScope,
  type NotificationSubject,
} from '../../../shared/notifications/notificationModel';
import { makeOwnerOnlyFolder, ownerOnlyFileMode } from '../app/ownerOnly';

/**
 * Which environments, services and consumer groups are muted, kept in the data folder's
 * `notification-mutes.json` (owner-only: it says what production trouble nobody is told
 * about). Mutes are read once at start and held in memory; each change is written whole.
 *
 * A read-only console may mute for itself: the read-only switch keeps a console from
 * changing the platform, and a mute changes only what this console tells. A wall screen that
 * pages a channel through a webhook during a planned maintenance must be able to stop.
 *
 * A file that cannot be read is reported and treated as no mutes: telling too much is
 * recoverable, silencing production trouble nobody chose to silence is not.
 */

const muteFileSchema = z.object({ version: z.literal(1), mutes: z.array(muteSchema) });

export type MuteState = { kind: 'on' } | { kind: 'muted' } | { kind: 'muted-until'; until: number };

export class MuteStore {
  private mutes: Mute[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly now: () => number,
  ) {}

  static async open(options: {
    dataDir: string;
    now: () => number;
    log: (line: string) => void;
  }): Promise<MuteStore> {
    const store = new MuteStore(join(options.dataDir, 'notification-mutes.json'), options.now);
    try {
      store.mutes = await readMutes(store.path);
    } catch (error) {
      options.log(
        `Notification mutes: ${store.path} could not be read (${error instanceof Error ? error.message : String(error)}); every notification is on until they are set again.`,
      );
    }
    return store;
  }

  /** The mutes in force now; expired ones are dropped. */
  list(): Mute[] {
    const now = this.now();
    this.mutes = this.mutes.filter((mute) => mute.until === null || mute.until > now);
    return this.mutes.map((mute) => ({ ...mute }));
  }

  /** Until when the subject is muted: null when it is not, Infinity when for good. */
  mutedUntil(subject: NotificationSubject, now: number): number | null {
    let until: number | null = null;
    for (const mute of this.mutes) {
      if (!muteCovers(mute.scope, subject)) continue;
      const end = mute.until ?? Infinity;
      if (end > now) until = Math.max(until ?? -Infinity, end);
    }
    return until;
  }

  async set(scope: MuteScope, state: MuteState): Promise<Mute[]> {
    const kept = this.list().filter((mute) => !sameMuteScope(mute.scope, scope));
    if (state.kind === 'muted') kept.push({ scope, until: null });
    if (state.kind === 'muted-until' && state.until > this.now()) kept.push({ scope, until: state.until });
    this.mutes = kept;
    const written = this.writing.then(() => writeMutes(this.path, kept));
    // One write at a time, in order; a failed one does not stop the next.
    this.writing = written.catch(() => undefined);
    await written;
    return this.list();
  }
}

async function readMutes(path: string): Promise<Mute[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = muteFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error('it is not a list of mutes in the expected format');
  return parsed.data.mutes;
}

async function writeMutes(path: string, mutes: readonly Mute[]): Promise<void> {
  await makeOwnerOnlyFolder(join(path, '..'));
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify({ version: 1, mutes }, null, 2)}\n`, {
      mode: ownerOnlyFileMode,
    });
    // writeFile's mode applies only to a new file and passes through the umask.
    await chmod(temporary, ownerOnlyFileMode);
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}
