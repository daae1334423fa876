import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { ConsoleError } from '../ipc/consoleError';

/** A holder that has not touched its lock for this long crashed or hangs: its lock is taken over. */
const staleAfterMs = 10_000;
/** A holder touches its lock this often while its job runs, however long it takes. */
const touchEveryMs = 3_000;
const giveUpAfterMs = 5_000;

/**
 * Runs `job` while holding a lock file, so processes that share a file (the desktop app and
 * the CLI writing the same secrets) take turns at a read-modify-write instead of each
 * losing the other's change. The lock is a file created exclusively, holding its owner's pid
 * and a token of this hold: a holder removes only its own lock, and one that died is found
 * out by its pid or by a lock it stopped touching.
 */
export async function withFileLock<T>(lockPath: string, what: string, job: () => Promise<T>): Promise<T> {
  const hold = `${process.pid} ${randomBytes(12).toString('hex')}\n`;
  const deadline = Date.now() + giveUpAfterMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(hold);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockPath)) {
      // Moved aside, not removed: of several waiters that saw it stale, one moves it and the
      // others find it gone and try again, so no one removes a lock just taken.
      const aside = `${lockPath}.${randomBytes(6).toString('hex')}.stale`;
      if (
        await rename(lockPath, aside).then(
          () => true,
          () => false,
        )
      )
        await rm(aside, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      const holder = (await readFile(lockPath, 'utf8').catch(() => '')).split(' ')[0]?.trim() || 'unknown';
      throw new ConsoleError(
        'CONFLICT',
        `${what} is being changed by another FlareNet process (pid ${holder}) and stayed locked for ${giveUpAfterMs / 1000} s; try again, or remove ${lockPath} if no FlareNet process runs.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, 5 * 2 ** attempt)));
  }
  const touching = setInterval(() => {
    const now = new Date();
    void utimes(lockPath, now, now).catch(() => undefined);
  }, touchEveryMs);
  try {
    return await job();
  } finally {
    clearInterval(touching);
    if ((await readFile(lockPath, 'utf8').catch(() => '')) === hold) await rm(lockPath, { force: true });
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [info, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    if (Date.now() - info.mtimeMs > staleAfterMs) return true;
    const pid = Number(text.split(' ')[0]);
    return Number.isInteger(pid) && pid > 0 && !processExists(pid);
  } catch {
    // Gone between our attempt and this look: not stale, just free.
    return false;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
