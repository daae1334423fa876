import { open, readFile, rm, stat } from 'node:fs/promises';
import { ConsoleError } from '../ipc/consoleError';

/** A holder that has not let go after this long crashed, or hangs: its lock is taken over. */
const staleAfterMs = 10_000;
const giveUpAfterMs = 5_000;

/**
 * Runs `job` while holding a lock file, so processes that share a file (the desktop app and
 * the CLI writing the same secrets) take turns at a read-modify-write instead of each
 * losing the other's change. The lock is a file created exclusively, holding its owner's pid.
 */
export async function withFileLock<T>(lockPath: string, what: string, job: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + giveUpAfterMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockPath)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      const holder = (await readFile(lockPath, 'utf8').catch(() => '')).trim() || 'unknown';
      throw new ConsoleError(
        'CONFLICT',
        `${what} is being changed by another FlareNet process (pid ${holder}) and stayed locked for ${giveUpAfterMs / 1000} s; try again, or remove ${lockPath} if no FlareNet process runs.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, 5 * 2 ** attempt)));
  }
  try {
    return await job();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [info, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    if (Date.now() - info.mtimeMs > staleAfterMs) return true;
    const pid = Number(text.trim());
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
