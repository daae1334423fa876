import { z } from 'zod';
import { defineRequest, defineStream } from './channel';

export const appInfoSchema = z.object({
  version: z.string(),
  /** Where the data comes from: the embedded sandbox, or AWS. */
  source: z.enum(['sandbox', 'aws']),
  /** Electron window, or a browser connected to the console host. */
  shell: z.enum(['electron', 'browser']),
  /** When true, every action is refused by main; the UI shows why. */
  readOnly: z.boolean(),
  readOnlyReason: z.string().nullable(),
  environments: z.array(z.object({ name: z.string(), clusters: z.array(z.string()) })),
  /** Set when the config file could not be used: the console then shows no fleet rather than a wrong one. */
  configError: z.string().nullable(),
  /** For the sandbox: where other tools can reach it. */
  sandboxEndpoints: z
    .object({
      /** ECS and CloudWatch Logs share this endpoint. */
      ecs: z.string(),
      /** The Kafka bootstrap address, host:port. */
      kafka: z.string().nullable(),
    })
    .nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appGetInfo = defineRequest('app.getInfo', {
  request: z.object({}).strict(),
  response: appInfoSchema,
});

/**
 * The app info as it is now, then again each time it changes while the console runs: its
 * sandbox was rebuilt with other clusters (a console on AWS or on a config file never changes).
 */
export const appInfoChanges = defineStream('app.infoChanged', {
  params: z.object({}).strict(),
  event: appInfoSchema,
});
