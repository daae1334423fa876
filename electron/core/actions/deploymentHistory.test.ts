import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { chooseRollbackTarget } from '../../../shared/actions/rollbackTarget';
import { currentDeploymentFacts, serviceDeploymentFacts } from './deploymentHistory';

/**
 * How ECS's service deployment records read as history. The sandbox does not serve
 * DescribeServiceRevisions, so these records are built here in the shapes the SDK returns.
 */

const td = (revision: number) => `arn:aws:ecs:eu-west-1:1:task-definition/payment-service:${revision}`;
const sr = (id: string) => `arn:aws:ecs:eu-west-1:1:service-revision/prod/payment-service/${id}`;
const revisions = new Map([
  [sr('r5'), td(5)],
  [sr('r6'), td(6)],
  [sr('r7'), td(7)],
  [sr('r8'), td(8)],
]);
const at = (minute: number) => new Date(Date.UTC(2025, 5, 2, 9, minute));

const records: ServiceDeployment[] = [
  { status: 'SUCCESSFUL', targetServiceRevision: { arn: sr('r5') }, finishedAt: at(1) },
  { status: 'SUCCESSFUL', targetServiceRevision: { arn: sr('r6') }, finishedAt: at(10) },
  {
    status: 'ROLLBACK_SUCCESSFUL',
    targetServiceRevision: { arn: sr('r7') },
    rollback: { serviceRevisionArn: sr('r6'), reason: 'circuit breaker' },
    deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
    statusReason: 'tasks failed to start',
    finishedAt: at(20),
  },
  { status: 'STOPPED', targetServiceRevision: { arn: sr('r5') }, stoppedAt: at(25) },
  { status: 'IN_PROGRESS', targetServiceRevision: { arn: sr('r8') }, updatedAt: at(30) },
  { status: 'SUCCESSFUL', targetServiceRevision: { arn: sr('unknown') }, finishedAt: at(31) },
];

describe('serviceDeploymentFacts', () => {
  it('reads a rollback someone asked for as rolled back from, not as a failure', () => {
    const stopped: ServiceDeployment = {
      status: 'ROLLBACK_SUCCESSFUL',
      targetServiceRevision: { arn: sr('r7') },
      rollback: { serviceRevisionArn: sr('r6'), reason: 'requested' },
      finishedAt: at(20),
    };
    expect(serviceDeploymentFacts([stopped], revisions)).toEqual([
      {
        taskDefinitionArn: td(7),
        outcome: 'rolled-back',
        at: at(20).getTime(),
        detail: 'was rolled back from (StopServiceDeployment with ROLLBACK, 2025-06-02 09:20:00 UTC)',
      },
      {
        taskDefinitionArn: td(6),
        outcome: 'completed',
        at: at(20).getTime(),
        detail: 'completed as the rollback from payment-service:7',
      },
    ]);
  });

  it('reads completions, rollbacks and stops, and where a rollback returned to', () => {
    expect(serviceDeploymentFacts(records, revisions)).toEqual([
      { taskDefinitionArn: td(5), outcome: 'completed', at: at(1).getTime(), detail: null },
      { taskDefinitionArn: td(6), outcome: 'completed', at: at(10).getTime(), detail: null },
      {
        taskDefinitionArn: td(7),
        outcome: 'failed',
        at: at(20).getTime(),
        detail: 'rolled back by the circuit breaker: tasks failed to start',
      },
      {
        taskDefinitionArn: td(6),
        outcome: 'completed',
        at: at(20).getTime(),
        detail: 'completed as the rollback from payment-service:7',
      },
      { taskDefinitionArn: td(5), outcome: 'stopped', at: at(25).getTime(), detail: null },
      { taskDefinitionArn: td(8), outcome: 'in-progress', at: at(30).getTime(), detail: null },
    ]);
  });

  it('leads a rollback during a deploy to the last completed revision, past the one ECS rolled back from', () => {
    const history = [
      ...serviceDeploymentFacts(records, revisions),
      ...currentDeploymentFacts({
        deployments: [
          { status: 'PRIMARY', taskDefinition: td(8), rolloutState: 'IN_PROGRESS', updatedAt: at(30) },
          { status: 'ACTIVE', taskDefinition: td(6), rolloutState: 'COMPLETED', updatedAt: at(20) },
        ],
      }),
    ];
    const choice = chooseRollbackTarget({
      currentArn: td(8),
      revisions: [5, 6, 7, 8].map((revision) => ({
        arn: td(revision),
        family: 'payment-service',
        revision,
        status: 'ACTIVE',
        registeredAt: null,
        imageTags: [],
      })),
      history,
      failures: [],
    });
    expect(choice).toMatchObject({ ok: true, target: { revision: 6 } });
    if (choice.ok)
      expect(choice.alternatives.find((alternative) => alternative.revision === 7)).toMatchObject({
        outcome: 'failed',
        outcomeDetail: 'rolled back by the circuit breaker: tasks failed to start',
      });
  });
});
