import type { EcsSimulation } from '../ecsSimulation';
import type { SandboxHttpHandlers } from '../sandboxHttpServer';
import { apiCallerArn } from '../taskDefinitionRegistry';
import { LogEventGenerator } from './logEventGenerator';
import { LogsApiError } from './logsApiError';
import {
  handleLogsJsonRequest,
  isLogsTarget,
  logsErrorResponse,
  logsOperationName,
  parseLogsBody,
} from './logsJsonProtocol';
import { logsOperations, type LogsContext } from './logsOperations';
import { LogStreamRegistry, logGroupArn } from './logStreamRegistry';
import { startLiveTail } from './liveTailSession';

export interface LogsEndpointOptions {
  /**
   * Whether StartLiveTail works: 'available' (default); 'access-denied' answers as an account
   * whose IAM policy does not allow logs:StartLiveTail; 'unsupported' as an endpoint (an
   * emulator, a proxy) that does not know the operation.
   */
  liveTail?: 'available' | 'access-denied' | 'unsupported';
  /** Between live tail updates, in wall-clock time; default 1000 ms. */
  liveTailUpdateMs?: number;
  /** Default three hours. */
  liveTailMaxDurationMs?: number;
  /** Logs calls allowed per second of wall-clock time before ThrottlingException; unlimited by default. */
  requestsPerSecond?: number;
}

export interface LogsEndpointContext {
  simulation: EcsSimulation;
  seed: number;
  options?: LogsEndpointOptions;
  wallClock?: () => number;
}

/**
 * Adds CloudWatch Logs to the sandbox's HTTP handlers: calls whose X-Amz-Target starts with
 * `Logs_20140328.` are answered here, everything else goes where it went before, so ECS and
 * Logs share one endpoint URL. StartLiveTail is answered as an event stream.
 */
export function attachLogsEndpoint(
  handlers: SandboxHttpHandlers,
  context: LogsEndpointContext,
): SandboxHttpHandlers {
  const { simulation, options = {} } = context;
  const wallClock = context.wallClock ?? Date.now;
  const registry = new LogStreamRegistry(simulation, context.seed);
  const logs: LogsContext = {
    registry,
    generator: new LogEventGenerator(),
    sync: () => {
      simulation.tick();
      registry.refresh();
      return simulation.now();
    },
  };
  const operations = logsOperations(logs);
  const admit = rateLimiter(options.requestsPerSecond, wallClock);

  return {
    ...handlers,
    awsJson: (target, body) => {
      if (!isLogsTarget(target)) return handlers.awsJson(target, body);
      if (!admit()) return logsErrorResponse(new LogsApiError('ThrottlingException', 'Rate exceeded'));
      return handleLogsJsonRequest(operations, target, body);
    },
    awsStream: (target, body, signal) => {
      if (!isLogsTarget(target) || logsOperationName(target) !== 'StartLiveTail')
        return handlers.awsStream?.(target, body, signal) ?? null;
      try {
        if (!admit()) throw new LogsApiError('ThrottlingException', 'Rate exceeded');
        const input = parseLogsBody(body);
        refuseLiveTail(options.liveTail ?? 'available', target, input);
        return startLiveTail(logs, input, signal, {
          updateIntervalMs: options.liveTailUpdateMs,
          maxDurationMs: options.liveTailMaxDurationMs,
          wallClock,
        });
      } catch (error) {
        const answer = logsErrorResponse(error);
        return { status: answer.status, headers: answer.headers, body: [Buffer.from(answer.body, 'utf8')] };
      }
    },
  };
}

function refuseLiveTail(
  availability: 'available' | 'access-denied' | 'unsupported',
  target: string | undefined,
  input: object,
): void {
  if (availability === 'unsupported')
    throw new LogsApiError('UnknownOperationException', `Unknown operation ${target}.`);
  if (availability === 'access-denied') {
    const identifiers = (input as { logGroupIdentifiers?: unknown }).logGroupIdentifiers;
    const resource =
      Array.isArray(identifiers) && typeof identifiers[0] === 'string' ? identifiers[0] : logGroupArn('*');
    throw new LogsApiError(
      'AccessDeniedException',
      `User: ${apiCallerArn} is not authorized to perform: logs:StartLiveTail on resource: ${resource} because no identity-based policy allows the logs:StartLiveTail action`,
    );
  }
}

/** A token bucket holding one second of requests; always admits when there is no limit. */
function rateLimiter(perSecond: number | undefined, wallClock: () => number): () => boolean {
  if (perSecond === undefined) return () => true;
  let tokens = perSecond;
  let filledAt = wallClock();
  return () => {
    const now = wallClock();
    tokens = Math.min(perSecond, tokens + ((now - filledAt) / 1000) * perSecond);
    filledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}
