import { z } from 'zod';
import { defineRequest, defineStream } from '../../shared/ipc/channel';

/** Channels that exist only for the contract's own tests. */
export const echoChannel = defineRequest('test.echo', {
  request: z.object({ text: z.string().max(20), times: z.number().int().min(1).max(3) }).strict(),
  response: z.object({ echoed: z.string() }),
});

export const slowChannel = defineRequest('test.slow', {
  request: z.object({ ms: z.number().int().min(0).max(10_000) }),
  response: z.object({ done: z.literal(true) }),
});

export const liarChannel = defineRequest('test.liar', {
  request: z.object({}),
  response: z.object({ count: z.number() }),
});

export const deployChannel = defineRequest('test.deploy', {
  request: z.object({ service: z.string() }),
  response: z.object({ started: z.boolean() }),
  action: true,
});

export const tickStream = defineStream('test.ticks', {
  params: z.object({ every: z.number().int().min(1).max(1000) }),
  event: z.object({ tick: z.number().int() }),
});
