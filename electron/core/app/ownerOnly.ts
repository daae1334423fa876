import { chmod, mkdir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

/**
 * What holds secrets or the audit trail is for its owner alone: on a shared machine no other
 * local user may read who did what to production, or the credentials that did it.
 */
export const ownerOnlyFolderMode = 0o700;
export const ownerOnlyFileMode = 0o600;

/**
 * Creates a folder and its parents, then makes the folder itself owner-only: mkdir's mode
 * applies neither to a folder that already exists nor past the umask.
 */
export async function makeOwnerOnlyFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: ownerOnlyFolderMode });
  await chmod(path, ownerOnlyFolderMode);
}

/** Takes group and other access away from an open file that an older version left readable. */
export async function keepFileOwnerOnly(handle: FileHandle): Promise<void> {
  const { mode } = await handle.stat();
  if ((mode & 0o077) !== 0) await handle.chmod(ownerOnlyFileMode);
}
