import {
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeOne,
  isSettledOn,
  primaryDeployment,
  startActionTestFleet,
  waitForService,
  type ActionTestFleet,
} from '../../testing/actionTestFleet';

/** Promotion from staging to production against the sandbox, checked field by field through DescribeTaskDefinition. */

const staging = 'flarenet-staging';
const production = 'flarenet-production';
const service = 'catalog-service';
let fleet: ActionTestFleet;

beforeAll(async () => {
  fleet = await startActionTestFleet();
});

afterAll(async () => {
  await fleet.close();
});

async function describeDefinition(reference: string) {
  const answer = await fleet.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }),
  );
  return { taskDefinition: answer.taskDefinition!, tags: answer.tags ?? [] };
}

/** Staging gets a build of its own, with settings production must not inherit. */
async function deployStagingBuild(): Promise<TaskDefinition> {
  const current = primaryDeployment(await describeOne(fleet.ecs, staging, service)).taskDefinition!;
  const { taskDefinition: base } = await describeDefinition(current);
  const container = base.containerDefinitions![0]!;
  const registered = await fleet.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: base.family,
      taskRoleArn: 'arn:aws:iam::000000000000:role/flarenet-catalog-service-staging',
      executionRoleArn: base.executionRoleArn,
      networkMode: base.networkMode,
      requiresCompatibilities: base.requiresCompatibilities,
      cpu: '512',
      memory: '1024',
      containerDefinitions: [
        {
          ...container,
          image: container.image!.replace(/:[^:/]+$/, ':v9.9.9-rc1'),
          environment: [
            ...(container.environment ?? []).filter((entry) => entry.name !== 'DB_HOST'),
            { name: 'DB_HOST', value: 'catalog-db.staging.flarenet.internal' },
            { name: 'FEATURE_NEW_SEARCH', value: 'on' },
          ],
        },
      ],
    }),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  await fleet.ecs.send(new UpdateServiceCommand({ cluster: staging, service, taskDefinition: arn }));
  await waitForService(fleet.ecs, staging, service, isSettledOn(arn));
  return registered.taskDefinition!;
}

async function stagingDigest(taskDefinitionArn: string): Promise<string> {
  const listed = await fleet.ecs.send(new ListTasksCommand({ cluster: staging, serviceName: service }));
  const tasks = await fleet.ecs.send(new DescribeTasksCommand({ cluster: staging, tasks: listed.taskArns! }));
  const digests = new Set(
    tasks
      .tasks!.filter((task) => task.taskDefinitionArn === taskDefinitionArn)
      .map((task) => task.containers![0]!.imageDigest!),
  );
  expect(digests.size).toBe(1);
  return [...digests][0]!;
}

describe('promotion', () => {
  it('registers production a revision with staging’s images by digest and everything else from production', async () => {
    const stagingBuild = await deployStagingBuild();
    const digest = await stagingDigest(stagingBuild.taskDefinitionArn!);
    const productionBefore = primaryDeployment(
      await describeOne(fleet.ecs, production, service),
    ).taskDefinition!;
    const { taskDefinition: old, tags: oldTags } = await describeDefinition(productionBefore);
    const repository = stagingBuild.containerDefinitions![0]!.image!.replace(/:[^:/]+$/, '');

    const plan = await fleet.services.planPromotion({ service, fromCluster: staging, toCluster: production });
    expect(plan.kind).toBe('promotion');
    if (plan.kind !== 'promotion') return;
    expect(plan.method.kind).toBe('register-and-update');
    expect(plan.environment).toBe('production');
    expect(plan.current.arn).toBe(productionBefore);
    expect(plan.source.taskDefinition.arn).toBe(stagingBuild.taskDefinitionArn);
    expect(plan.source.pinnedByDigest).toBe(true);
    expect(plan.target.arn).toBeNull();
    expect(plan.target.images).toEqual([
      { container: service, image: `${repository}@${digest}`, tag: expect.any(String) as unknown, digest },
    ]);
    expect(plan.diff).toEqual([
      {
        section: 'image',
        container: service,
        name: 'image',
        from: old.containerDefinitions![0]!.image,
        to: `${repository}@${digest}`,
        masked: false,
      },
    ]);
    expect(plan.warnings.join('\n')).toMatch(/FEATURE_NEW_SEARCH/);

    const { actionId } = await fleet.services.execute({ planId: plan.id, confirmation: service });
    const final = await fleet.services.finished(actionId);
    expect(final.phase).toBe('succeeded');

    const productionAfter = await describeOne(fleet.ecs, production, service);
    const newArn = primaryDeployment(productionAfter).taskDefinition!;
    expect(newArn).not.toBe(productionBefore);
    expect(productionAfter.runningCount).toBe(productionAfter.desiredCount);
    const { taskDefinition: promoted, tags } = await describeDefinition(newArn);
    expect(promoted.family).toBe(old.family);
    expect(promoted.revision).toBeGreaterThan(stagingBuild.revision!);

    const [container] = promoted.containerDefinitions!;
    const [oldContainer] = old.containerDefinitions!;
    expect(container!.image).toBe(`${repository}@${digest}`);
    // Everything but the image is production's.
    expect(container!.environment).toEqual(oldContainer!.environment);
    expect(container!.environment).not.toContainEqual({ name: 'FEATURE_NEW_SEARCH', value: 'on' });
    expect(container!.secrets).toEqual(oldContainer!.secrets);
    expect(container!.portMappings).toEqual(oldContainer!.portMappings);
    expect(container!.command).toEqual(oldContainer!.command);
    expect(container!.healthCheck).toEqual(oldContainer!.healthCheck);
    expect(container!.logConfiguration).toEqual(oldContainer!.logConfiguration);
    expect(container!.cpu).toBe(oldContainer!.cpu);
    expect(promoted.cpu).toBe(old.cpu);
    expect(promoted.memory).toBe(old.memory);
    expect(promoted.cpu).not.toBe(stagingBuild.cpu);
    expect(promoted.taskRoleArn).toBe(old.taskRoleArn);
    expect(promoted.taskRoleArn).not.toBe(stagingBuild.taskRoleArn);
    expect(promoted.executionRoleArn).toBe(old.executionRoleArn);
    expect(promoted.networkMode).toBe(old.networkMode);
    expect(promoted.requiresCompatibilities).toEqual(old.requiresCompatibilities);
    expect(promoted.runtimePlatform).toEqual(old.runtimePlatform);
    expect(tags).toEqual(oldTags);

    const audit = (await fleet.services.auditLog.read()).records
      .map((record) => record.entry)
      .filter((entry) => entry.actionId === actionId);
    expect(audit.map((entry) => entry.type)).toEqual(['start', 'step', 'end']);
    expect(audit[0]?.to).toEqual({ label: `${service}:(new)`, arn: null });
    expect(audit[1]?.to).toEqual({ label: `${service}:${promoted.revision}`, arn: newArn });
    expect(audit[2]).toMatchObject({ outcome: 'succeeded', to: { arn: newArn } });
  });

  it('refuses to promote what production already runs, and a source that is still deploying', async () => {
    await expect(
      fleet.services.planPromotion({ service, fromCluster: production, toCluster: production }),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/already runs the images/) as unknown,
    });
    await fleet.testSandbox.sandbox.runScenario({
      kind: 'good-deploy',
      cluster: staging,
      service: 'user-service',
    });
    await expect(
      fleet.services.planPromotion({ service: 'user-service', fromCluster: staging, toCluster: production }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/still deploying/) as unknown,
    });
  });
});
