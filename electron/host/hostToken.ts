import { randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';

/** A random launch token: what a page must present to open the console host's WebSocket. */
export function newLaunchToken(): string {
  return randomBytes(24).toString('base64url');
}

const tokenPattern = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * The token kept in `path` across restarts, so a wall screen reconnects to a restarted host
 * without anyone touching it. A missing file is created owner-only with a new token; a file
 * that other users can read, or that holds no usable token, is refused with the reason.
 */
export async function tokenFromFile(path: string): Promise<string> {
  try {
    await writeFile(path, `${newLaunchToken()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new Error(`Cannot create the token file ${path}: ${(error as Error).message}`);
    }
  }
  const info = await stat(path);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new Error(
      `The token file ${path} can be read by other users (mode ${(info.mode & 0o777).toString(8)}); make it owner-only with chmod 600.`,
    );
  }
  const token = (await readFile(path, 'utf8')).trim();
  if (!tokenPattern.test(token)) {
    throw new Error(
      `The token file ${path} does not hold a usable token (16 to 200 letters, digits, - or _).`,
    );
  }
  return token;
}
