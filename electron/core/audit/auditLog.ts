import { open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { keepFileOwnerOnly, makeOwnerOnlyFolder, ownerOnlyFileMode } from '../app/ownerOnly';
import { auditEntrySchema, type AuditEntry, type AuditRecord } from '../../../shared/actions/actionModel';

/**
 * The audit log: one JSON object per line, only ever appended to. Each append is on disk
 * (fsync) before it resolves, so an action can write its entry and only then call ECS.
 *
 * A crash can tear the last line. Reading reports and skips such a line and never fails
 * because of it; the next append first ends the torn fragment with a newline, so the new
 * entry starts on a line of its own and the fragment stays as it was (lines are never rewritten).
 */

export interface AuditProblem {
  line: number;
  kind: 'torn-tail' | 'damaged';
  bytes: number;
  message: string;
}

export interface AuditContents {
  records: AuditRecord[];
  problems: AuditProblem[];
}

export interface AuditQuery {
  service?: string | undefined;
  cluster?: string | undefined;
  /** Only entries this accepts (the view's choice of source). */
  accept?: ((entry: AuditEntry) => boolean) | undefined;
  limit: number;
  /** Only lines before this one (the previous page's last `line`). */
  before?: number | undefined;
}

export interface AuditPage {
  records: AuditRecord[];
  nextBefore: number | null;
  problems: string[];
}

export function auditLogPath(dataDir: string): string {
  return join(dataDir, 'audit', 'audit-log.jsonl');
}

/**
 * The log of a sandbox started inside a process: a file of its own per start, because that
 * fleet lives and dies with the process, and its demo actions must never mix with real ones.
 */
export function sandboxAuditLogPath(dataDir: string, startedAt: number, instance: string): string {
  const stamp = new Date(startedAt).toISOString().replace(/[:.]/g, '-');
  return join(dataDir, 'audit', `sandbox-${stamp}-${instance.replace(/[^A-Za-z0-9_-]/g, '')}.jsonl`);
}

export class AuditLog {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly options: { onProblem?: (problem: string) => void } = {},
  ) {}

  /** Resolves once the entry is on disk; appends run one at a time in the order they were asked for. */
  append(entry: AuditEntry): Promise<void> {
    const parsed = auditEntrySchema.safeParse(entry);
    if (!parsed.success) return Promise.reject(new Error(`Not an audit entry: ${parsed.error.message}`));
    const line = `${JSON.stringify(parsed.data)}\n`;
    const write = this.queue.then(() => this.write(line));
    this.queue = write.catch(() => undefined);
    return write;
  }

  async read(): Promise<AuditContents> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], problems: [] };
      throw error;
    }
    return parseAuditLog(text);
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const { records, problems } = await this.read();
    const matching = records
      .filter((record) => query.before === undefined || record.line < query.before)
      .filter((record) => query.service === undefined || record.entry.service === query.service)
      .filter((record) => query.cluster === undefined || record.entry.cluster === query.cluster)
      .filter((record) => query.accept === undefined || query.accept(record.entry))
      .reverse();
    const page = matching.slice(0, query.limit);
    return {
      records: page,
      nextBefore: matching.length > page.length ? (page[page.length - 1]?.line ?? null) : null,
      problems: problems.map((problem) => problem.message),
    };
  }

  private async write(line: string): Promise<void> {
    const directory = dirname(this.path);
    await makeOwnerOnlyFolder(directory);
    const handle = await open(this.path, 'a+', ownerOnlyFileMode);
    try {
      await keepFileOwnerOnly(handle);
      const { size } = await handle.stat();
      let text = line;
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          text = `\n${line}`;
          this.options.onProblem?.(
            `The audit log ${this.path} ended in a torn line (a crash during a write); it is kept as it is and the new entry starts on the next line.`,
          );
        }
      }
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written);
        written += bytesWritten;
      }
      await handle.sync();
      if (size === 0) await syncDirectory(directory);
    } finally {
      await handle.close();
    }
  }
}

/** Splits the log into entries, reporting every line that is not one instead of failing. */
export function parseAuditLog(text: string): AuditContents {
  const records: AuditRecord[] = [];
  const problems: AuditProblem[] = [];
  const lines = text.split('\n');
  const endsCleanly = text.endsWith('\n');
  lines.forEach((raw, index) => {
    const isTail = index === lines.length - 1;
    if (raw.trim() === '') return;
    const line = index + 1;
    const entry = parseEntry(raw);
    if (entry) {
      records.push({ line, entry });
      return;
    }
    const bytes = Buffer.byteLength(raw, 'utf8');
    problems.push(
      isTail && !endsCleanly
        ? {
            line,
            kind: 'torn-tail',
            bytes,
            message: `Line ${line} of the audit log is cut short (${bytes} bytes, a write torn by a crash); it is skipped.`,
          }
        : {
            line,
            kind: 'damaged',
            bytes,
            message: `Line ${line} of the audit log is not a readable entry (${bytes} bytes, likely torn by an earlier crash); it is skipped.`,
          },
    );
  });
  return { records, problems };
}

function parseEntry(raw: string): AuditEntry | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = auditEntrySchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** A new file's name is durable only once its folder is synced too; not every platform allows it. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows cannot open a folder for syncing; NTFS journals the name itself.
  }
}
