import type { DeploymentFact, FailureFact } from '../../../shared/actions/rollbackTarget';
import type { DeploymentSummary, FleetEvent } from '../../../shared/fleet/fleetModel';
import { serviceKey } from './serviceTargets';

/**
 * What this process has seen happen to deployments, per service: rollouts that FAILED or
 * COMPLETED in the fleet monitor's polls and in its own watches. Rollback planning never
 * proposes a revision this memory has seen fail. What the audit log says of earlier actions
 * is read for each plan instead (see serviceAuditHistory.ts), so a restart does not forget
 * and another process's actions count.
 */

interface ServiceMemory {
  /** By task definition ARN: the newest thing seen of it. */
  facts: Map<string, DeploymentFact>;
  failures: Map<string, FailureFact>;
}

const maxFactsPerService = 50;

export class DeploymentObservations {
  private readonly services = new Map<string, ServiceMemory>();

  /** Feeds the fleet monitor's events in; cheap enough to run on every delta. */
  observeFleet(event: FleetEvent): void {
    const services = event.type === 'snapshot' ? event.snapshot.services : event.delta.upserted;
    for (const service of services) {
      const key = serviceKey({
        environment: service.environment,
        cluster: service.clusterName,
        service: service.serviceName,
      });
      this.observeDeployments(key, service.deployments);
    }
  }

  observeDeployments(key: string, deployments: readonly DeploymentSummary[]): void {
    for (const deployment of deployments) {
      if (!deployment.taskDefinitionArn) continue;
      const at = deployment.updatedAt ?? deployment.createdAt;
      if (deployment.rolloutState === 'FAILED') {
        this.recordFailure(key, {
          taskDefinitionArn: deployment.taskDefinitionArn,
          reason: `its rollout FAILED${deployment.rolloutStateReason ? `: ${deployment.rolloutStateReason}` : ''}`,
          at,
        });
      } else if (deployment.rolloutState === 'COMPLETED') {
        this.recordFact(key, {
          taskDefinitionArn: deployment.taskDefinitionArn,
          outcome: 'completed',
          at,
          detail: null,
        });
      }
    }
  }

  recordFailure(key: string, failure: FailureFact): void {
    const memory = this.memoryOf(key);
    if (!memory.failures.has(failure.taskDefinitionArn))
      memory.failures.set(failure.taskDefinitionArn, failure);
    this.recordFact(key, {
      taskDefinitionArn: failure.taskDefinitionArn,
      outcome: 'failed',
      at: failure.at,
      detail: failure.reason,
    });
  }

  private recordFact(key: string, fact: DeploymentFact): void {
    const memory = this.memoryOf(key);
    const known = memory.facts.get(fact.taskDefinitionArn);
    if (known && (known.at ?? 0) > (fact.at ?? 0)) return;
    memory.facts.delete(fact.taskDefinitionArn);
    memory.facts.set(fact.taskDefinitionArn, fact);
    if (memory.facts.size > maxFactsPerService) memory.facts.delete(memory.facts.keys().next().value!);
  }

  failuresFor(key: string): FailureFact[] {
    return [...(this.services.get(key)?.failures.values() ?? [])];
  }

  historyFor(key: string): DeploymentFact[] {
    return [...(this.services.get(key)?.facts.values() ?? [])];
  }

  private memoryOf(key: string): ServiceMemory {
    let memory = this.services.get(key);
    if (!memory) {
      memory = { facts: new Map(), failures: new Map() };
      this.services.set(key, memory);
    }
    return memory;
  }
}
