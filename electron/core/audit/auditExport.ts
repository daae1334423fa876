import { open, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { makeOwnerOnlyFolder, ownerOnlyFileMode } from '../app/ownerOnly';
import { ConsoleError } from '../ipc/consoleError';
import type { AuditLog } from './auditLog';

/**
 * Copies of the audit log for people to hand on. Main chooses every path: the folder is one
 * of an allowlist (the console's own exports folder, the user's Downloads folder), the name
 * is made here, and the file is created new — nothing is ever overwritten.
 */

export interface ExportFolders {
  /** The console's data folder; exports go to its `exports` folder, created when missing. */
  dataDir: string;
  /** The user's Downloads folder, or null where there is none; never created here. */
  downloads: string | null;
}

export interface ExportResult {
  path: string;
  entries: number;
  bytes: number;
}

export async function exportAuditLog(
  log: AuditLog,
  folders: ExportFolders,
  request: { destination: 'data-folder' | 'downloads'; service?: string | undefined },
  now: Date,
): Promise<ExportResult> {
  const { records } = await log.read();
  const chosen = records.filter(
    (record) => request.service === undefined || record.entry.service === request.service,
  );
  const text = chosen.map((record) => `${JSON.stringify(record.entry)}\n`).join('');

  let folder: string;
  if (request.destination === 'downloads') {
    if (!folders.downloads)
      throw new ConsoleError('NOT_FOUND', 'This machine has no Downloads folder to export to.');
    folder = folders.downloads;
  } else {
    folder = join(folders.dataDir, 'exports');
    await makeOwnerOnlyFolder(folder);
  }
  // Resolved, so a folder that is a link to somewhere else is judged by where it leads.
  const allowed = await Promise.all(
    [folders.dataDir, folders.downloads]
      .filter((candidate): candidate is string => candidate !== null)
      .map((candidate) => realpath(candidate).catch(() => null)),
  );
  let resolvedFolder: string;
  try {
    resolvedFolder = await realpath(folder);
  } catch {
    throw new ConsoleError('NOT_FOUND', `The export folder ${folder} does not exist.`);
  }
  if (!allowed.some((root) => root !== null && isInside(resolvedFolder, root)))
    throw new ConsoleError('FORBIDDEN', `${folder} is not a folder the console exports to.`);

  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const scope = request.service ? `-${request.service.replace(/[^A-Za-z0-9_-]/g, '_')}` : '';
  for (let attempt = 0; attempt < 100; attempt++) {
    const name = `flarenet-audit-${stamp}${scope}${attempt === 0 ? '' : `-${attempt}`}.jsonl`;
    const path = join(resolvedFolder, name);
    if (!isInside(path, resolvedFolder))
      throw new ConsoleError('FORBIDDEN', 'The export file name left its folder.');
    let handle;
    try {
      handle = await open(path, 'wx', ownerOnlyFileMode);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { path, entries: chosen.length, bytes: Buffer.byteLength(text, 'utf8') };
  }
  throw new ConsoleError('CONFLICT', 'Too many exports in the same millisecond; try again.');
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
