import {
  DescribeServicesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../testing/sandboxTestHarness';

/** TagResource, UntagResource and ListTagsForResource through the real ECS client. */

let fleet: TestSandbox;
beforeAll(async () => {
  fleet = await startTestSandbox();
});
afterAll(async () => {
  await fleet.close();
});

async function serviceArn(service: string): Promise<string> {
  const answer = await fleet.ecs.send(
    new DescribeServicesCommand({ cluster: 'flarenet-production', services: [service] }),
  );
  return answer.services?.[0]?.serviceArn ?? '';
}

describe('ECS tagging', () => {
  it('tags a service, replaces a value, lists and untags, and DescribeServices shows them with TAGS', async () => {
    const resourceArn = await serviceArn('order-service');
    await fleet.ecs.send(
      new TagResourceCommand({
        resourceArn,
        tags: [
          { key: 'flarenet:domain', value: 'orders' },
          { key: 'flarenet:groups', value: 'order-saga' },
        ],
      }),
    );
    await fleet.ecs.send(
      new TagResourceCommand({ resourceArn, tags: [{ key: 'flarenet:domain', value: 'sales' }] }),
    );
    const listed = await fleet.ecs.send(new ListTagsForResourceCommand({ resourceArn }));
    expect(listed.tags).toEqual(
      expect.arrayContaining([
        { key: 'flarenet:domain', value: 'sales' },
        { key: 'flarenet:groups', value: 'order-saga' },
      ]),
    );
    const described = await fleet.ecs.send(
      new DescribeServicesCommand({
        cluster: 'flarenet-production',
        services: ['order-service'],
        include: ['TAGS'],
      }),
    );
    expect(described.services?.[0]?.tags).toEqual(
      expect.arrayContaining([{ key: 'flarenet:domain', value: 'sales' }]),
    );
    const plain = await fleet.ecs.send(
      new DescribeServicesCommand({ cluster: 'flarenet-production', services: ['order-service'] }),
    );
    expect(plain.services?.[0]?.tags).toBeUndefined();

    await fleet.ecs.send(
      new UntagResourceCommand({ resourceArn, tagKeys: ['flarenet:domain', 'flarenet:groups'] }),
    );
    const after = await fleet.ecs.send(new ListTagsForResourceCommand({ resourceArn }));
    expect(after.tags?.some((t) => t.key?.startsWith('flarenet:'))).toBe(false);
  });

  it('answers a service that does not exist, and a text that is no ARN, as ECS does', async () => {
    const missing = (await serviceArn('order-service')).replace('order-service', 'no-such-service');
    await expect(
      fleet.ecs.send(new TagResourceCommand({ resourceArn: missing, tags: [{ key: 'a', value: 'b' }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      fleet.ecs.send(new ListTagsForResourceCommand({ resourceArn: 'order-service' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});
