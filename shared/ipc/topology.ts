import { z } from 'zod';
import { topologySpecSchema } from '../topology/topologyModel';
import { defineRequest } from './channel';

/**
 * The topology spec: what ECS and Kafka cannot say about the platform (entry, HTTP calls,
 * producers, datastores, domains). The renderer joins it with the fleet and lag stores it
 * already has (`buildTopologyGraph` in shared/topology/), so only the spec crosses IPC.
 */
export const topologyGetSpec = defineRequest('topology.getSpec', {
  request: z.object({}).strict(),
  response: topologySpecSchema,
});
