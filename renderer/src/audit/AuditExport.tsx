import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { auditExport } from '../../../shared/ipc/audit';
import { useConsoleClient } from '../app/consoleClientContext';
import { useDesktopCommand } from '../app/desktopCommands';
import { describeError } from '../app/errorText';
import { mutationKeys } from '../app/queryKeys';

type Destination = 'data-folder' | 'downloads';

/**
 * Writes a copy of the log (JSON Lines) where main decides — the console's data folder or
 * Downloads — and says where, so it can be attached to an incident report.
 */
export function AuditExport({ service }: { service: string | null }) {
  const client = useConsoleClient();
  const [destination, setDestination] = useState<Destination>('data-folder');
  const exported = useMutation({
    mutationKey: mutationKeys.auditExport(),
    mutationFn: (request: { destination: Destination; service?: string }) =>
      client.request(auditExport, request),
  });
  const exportNow = () => exported.mutate({ destination, ...(service === null ? {} : { service }) });
  // The desktop app's "Export Audit Log" does what this button does, with what is chosen here.
  useDesktopCommand('export-audit', exported.isPending ? null : exportNow);
  return (
    <>
      <div className="audit-export">
        <label>
          <span className="visually-hidden">Export to</span>
          <select
            value={destination}
            onChange={(event) =>
              setDestination(event.target.value === 'downloads' ? 'downloads' : 'data-folder')
            }
          >
            <option value="data-folder">to the data folder</option>
            <option value="downloads">to Downloads</option>
          </select>
        </label>
        <button
          type="button"
          className="button"
          data-testid="audit-export"
          disabled={exported.isPending}
          title={service === null ? 'Export the whole audit log' : `Export the audit entries of ${service}`}
          onClick={exportNow}
        >
          {exported.isPending ? 'Exporting…' : 'Export'}
        </button>
      </div>
      {exported.isSuccess && (
        <span className="audit-export-result ok-text" role="status" data-testid="audit-export-result">
          Wrote {exported.data.entries} {exported.data.entries === 1 ? 'entry' : 'entries'} (
          {formatBytes(exported.data.bytes)}) to{' '}
          <span className="mono audit-export-path">{exported.data.path}</span>
        </span>
      )}
      {exported.isError && (
        <span className="audit-export-result error-text" role="alert">
          Export failed: {describeError(exported.error)}
        </span>
      )}
    </>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
