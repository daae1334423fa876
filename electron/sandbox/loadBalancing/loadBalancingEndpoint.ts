import type { EcsSimulation } from '../ecsSimulation';
import type { SandboxHttpHandlers } from '../sandboxHttpServer';
import { loadBalancingOperations } from './loadBalancingOperations';
import { handleQueryRequest, type QueryService } from './queryProtocol';

/**
 * Adds Elastic Load Balancing v2 to the sandbox's HTTP handlers: its calls come as forms on
 * the query protocol, so they share the ECS endpoint's URL without touching the JSON calls.
 */
export function attachLoadBalancingEndpoint(
  handlers: SandboxHttpHandlers,
  simulation: EcsSimulation,
): SandboxHttpHandlers {
  const service: QueryService = {
    version: '2015-12-01',
    xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    operations: loadBalancingOperations(simulation),
  };
  return { ...handlers, awsQuery: (body) => handleQueryRequest(service, body) };
}
