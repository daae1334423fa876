import type { AuditEntry } from '../../../shared/actions/actionModel';
import { auditExport, auditList } from '../../../shared/ipc/audit';
import { ConsoleError } from '../ipc/consoleError';
import type { IpcRouter } from '../ipc/router';
import { exportAuditLog, type ExportFolders } from './auditExport';
import type { AuditLog } from './auditLog';

/**
 * The audit view's side of the contract: pages of the log — this source's entries, or
 * those of other sources (and of none recorded) when asked — and an export of the whole log
 * to a file main names.
 */
export function registerAuditHandlers(
  router: IpcRouter,
  options: {
    log: AuditLog;
    folders: ExportFolders;
    /** Which entries are this source's own; without it, every entry is. */
    scope?: () => Promise<(entry: AuditEntry) => boolean>;
    /**
     * At most this many exports an hour. A read-only console is a shared wall screen that
     * anyone with its link may use, and every export is a new file on its disk.
     */
    exportsPerHour?: () => number | undefined;
    now?: () => number;
  },
): void {
  const now = options.now ?? Date.now;
  const recentExports: number[] = [];
  router.register(auditList, async (request) => {
    const ours = options.scope ? await options.scope() : () => true;
    const accept = request.source === 'other' ? (entry: AuditEntry) => !ours(entry) : ours;
    return options.log.list({ ...request, accept });
  });
  router.register(auditExport, async (request) => {
    const at = now();
    while (recentExports.length > 0 && at - recentExports[0]! >= 3_600_000) recentExports.shift();
    const limit = options.exportsPerHour?.();
    if (limit !== undefined && recentExports.length >= limit) {
      const minutes = Math.ceil((recentExports[0]! + 3_600_000 - at) / 60_000);
      throw new ConsoleError(
        'THROTTLED',
        `This read-only console has written ${limit} audit exports in the last hour, its limit; the next one is possible in ${minutes} min, or export from a console that allows actions.`,
      );
    }
    const written = await exportAuditLog(options.log, options.folders, request, new Date(at));
    recentExports.push(at);
    return written;
  });
}
