import { describe, expect, it } from 'vitest';
import { primaryOf } from './planningContext';

/** What ECS may leave out of a service's description, and what planning makes of it. */

const arn = 'arn:aws:ecs:us-east-1:123456789012:task-definition/payment-service:3';

describe('primaryOf', () => {
  it("takes the service's task definition when the PRIMARY deployment leaves it out", () => {
    const primary = primaryOf(
      { taskDefinition: arn, deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY' }] },
      'payment-service',
    );
    expect(primary).toMatchObject({ id: 'ecs-svc/1', taskDefinition: arn });
  });

  it('says which is missing: the PRIMARY deployment, or any task definition at all', () => {
    expect(() =>
      primaryOf({ deployments: [{ status: 'ACTIVE', taskDefinition: arn }] }, 'payment-service'),
    ).toThrow('payment-service has no PRIMARY deployment');
    expect(() => primaryOf({ deployments: [{ status: 'PRIMARY' }] }, 'payment-service')).toThrow(
      "ECS names no task definition for payment-service's PRIMARY deployment or for the service",
    );
  });
});
