import { z } from 'zod';
import { awsNameSchema } from '../nameSchemas';
import { auditRecordSchema } from '../actions/actionModel';
import { defineRequest } from './channel';

/**
 * The audit log, newest first, a page at a time; `before` is the `line` of the last record
 * of the previous page. `source`: the entries of the fleet this console acts on (the
 * default), or those of other fleets and entries that do not say where they acted.
 */
export const auditList = defineRequest('audit.list', {
  request: z
    .object({
      source: z.enum(['current', 'other']).default('current'),
      service: awsNameSchema.optional(),
      cluster: awsNameSchema.optional(),
      limit: z.number().int().min(1).max(500).default(100),
      before: z.number().int().min(1).optional(),
    })
    .strict(),
  response: z.object({
    records: z.array(auditRecordSchema),
    /** Pass as `before` for the next page; null at the oldest entry. */
    nextBefore: z.number().int().nullable(),
    /** Lines that could not be read (a write torn by a crash), in words; they are skipped, never fatal. */
    problems: z.array(z.string()),
  }),
});

/**
 * Writes a copy of the audit log (JSON Lines) and answers where. The renderer names a
 * destination kind, never a path: main picks the file name inside the console's data folder
 * or the Downloads folder and checks it against those two folders. Not an action: it
 * changes nothing the console manages, a read-only wall screen may need to hand the log
 * over after an incident, and it cannot overwrite anything (new files only).
 */
export const auditExport = defineRequest('audit.export', {
  request: z
    .object({
      destination: z.enum(['data-folder', 'downloads']).default('data-folder'),
      service: awsNameSchema.optional(),
    })
    .strict(),
  response: z.object({ path: z.string(), entries: z.number().int(), bytes: z.number().int() }),
});
