import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleConfig } from '../config/consoleConfig';
import { ConsoleError } from '../ipc/consoleError';
import { operationsLogConfigSchema, type OperationsRecord } from '../team/operationsLog';
import { OperationsLogConnection } from '../team/operationsLogConnection';
import { TeamLock } from '../team/teamLock';
import { kafkaClient } from '../../testing/kafkaTestClients';
import { freePort } from '../../testing/freePort';
import {
  describeOne,
  isSettledOn,
  primaryDeployment,
  startActionTestFleet,
  waitForService,
  type ActionTestFleet,
} from '../../testing/actionTestFleet';
import type { ActionServices } from './actionServices';
import { TeamActionLocks } from './teamActionLocks';

/**
 * Rollbacks from two consoles on one sandbox whose production Kafka cluster has an operations
 * log: the team lock on the sandbox's broker through kafkajs, ECS through the real SDK.
 */

const production = 'flarenet-production';
const topic = 'flarenet-console.operations-action-tests';

const withOperationsLog = (config: ConsoleConfig): ConsoleConfig => ({
  ...config,
  kafka: (config.kafka ?? []).map((cluster) => ({
    ...cluster,
    operationsLog: operationsLogConfigSchema.parse({ topic }),
  })),
});

let fleet: ActionTestFleet;
let ana: ActionServices;
let ben: ActionServices;

beforeAll(async () => {
  fleet = await startActionTestFleet({ kafka: true, configure: withOperationsLog, reconcile: false });
  ana = fleet.restart({ team: { hostname: 'ana-laptop' } });
  ben = fleet.restart({ team: { via: 'cli', hostname: 'ben-desktop' } });
});

afterAll(async () => {
  await fleet.close();
});

/** Every record of the topic about `actionId`, in the partition's order. */
async function recordsOf(actionId: string): Promise<OperationsRecord[]> {
  const kafka = kafkaClient(fleet.testSandbox.sandbox.kafkaBootstrap, 'operations-reader');
  const admin = kafka.admin();
  const reader = new OperationsLogConnection(
    kafka,
    operationsLogConfigSchema.parse({ topic, createTopic: false }),
  );
  await admin.connect();
  await reader.connect();
  try {
    const partitions = await admin.fetchTopicOffsets(topic);
    const records: OperationsRecord[] = [];
    for (const { partition, low, high } of partitions) {
      if (Number(high) <= Number(low)) continue;
      const read = await reader.read(partition, Number(low), Number(high) - 1);
      records.push(...read.map((logged) => logged.record).filter((record) => record.actionId === actionId));
    }
    return records;
  } finally {
    await reader.disconnect();
    await admin.disconnect();
  }
}

/** The config with the operations log moved to a port nothing listens on, for `environment`'s Kafka cluster. */
async function withUnreachableLog(environment: string): Promise<ConsoleConfig> {
  const deadPort = await freePort();
  return {
    ...fleet.config,
    kafka: (fleet.config.kafka ?? []).map((cluster) => ({
      ...cluster,
      environment,
      brokers: [`127.0.0.1:${deadPort}`],
    })),
  };
}

/** ":3" from "user-service:3", as a refusal names revisions of the service's own family. */
const revision = (label: string) => label.slice(label.lastIndexOf(':'));

describe('the team lock on rollback', () => {
  it('says in the policy which environments take the team lock and which are local only', () => {
    const environments = ana.policy().environments;
    expect(environments.find((environment) => environment.name === 'production')?.lockScope).toMatch(
      new RegExp(`team-wide lock on the operations log ${topic.replace(/\./g, '\\.')}`),
    );
    expect(environments.find((environment) => environment.name === 'staging')?.lockScope).toMatch(
      /^Locks are local to this console only/,
    );
  });

  it('lets one of two consoles racing to roll back a service proceed, refuses the other naming it, then lets the other act', async ({
    annotate,
  }) => {
    const service = 'user-service';
    const [anaPlan, benPlan] = await Promise.all([
      ana.planRollback({ cluster: production, service }),
      ben.planRollback({ cluster: production, service }),
    ]);
    const attempts = await Promise.allSettled([
      ana.execute({ planId: anaPlan.id, confirmation: service }),
      ben.execute({ planId: benPlan.id, confirmation: service }),
    ]);
    const proceeded = attempts.flatMap((attempt, index) => (attempt.status === 'fulfilled' ? [index] : []));
    expect(proceeded, 'the consoles whose rollback proceeded').toHaveLength(1);
    const winnerIndex = proceeded[0]!;
    const winner = [ana, ben][winnerIndex]!;
    const loser = [ana, ben][1 - winnerIndex]!;
    const winnerName = ['sandbox@ana-laptop (console)', 'sandbox@ben-desktop (cli)'][winnerIndex]!;
    const winnerPlan = [anaPlan, benPlan][winnerIndex]!;
    const refused = attempts[1 - winnerIndex]!;
    if (refused.status !== 'rejected') throw new Error('The losing rollback was expected to be refused');
    const error: unknown = refused.reason;
    expect(error).toBeInstanceOf(ConsoleError);
    expect((error as ConsoleError).code).toBe('TEAM_LOCK_HELD');
    expect((error as ConsoleError).message).toMatch(
      new RegExp(
        `^${winnerName.replace(/[()]/g, '\\$&')} is rolling back ${service} ${revision(winnerPlan.current.label)} → ${revision(winnerPlan.target.label)} since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC`,
      ),
    );
    await annotate(`Won: ${winnerName}; the other was told: ${(error as ConsoleError).message}`);

    const winnerAction = (attempts[winnerIndex] as PromiseFulfilledResult<{ actionId: string }>).value
      .actionId;
    const final = await winner.finished(winnerAction);
    expect(final.phase).toBe('succeeded');
    expect((await recordsOf(winnerAction)).map((record) => record.kind)).toEqual([
      'claimed',
      'started',
      'progress',
      'finished',
      'released',
    ]);

    // The holder released the lock with its outcome: the other console plans afresh and acts.
    const again = await loser.planRollback({ cluster: production, service });
    expect(again.current.arn).toBe(winnerPlan.target.arn);
    const { actionId } = await loser.execute({ planId: again.id, confirmation: service });
    expect((await loser.finished(actionId)).phase).toBe('succeeded');
    const after = await describeOne(fleet.ecs, production, service);
    expect(primaryDeployment(after).taskDefinition).toBe(again.target.arn);
  });

  it('refuses an action on production when the operations log cannot be reached, and says why, unless asked to act without it', async () => {
    const unreachable = fleet.restart({ config: await withUnreachableLog('production') });
    const service = 'catalog-service';
    const before = primaryDeployment(await describeOne(fleet.ecs, production, service)).taskDefinition;
    const plan = await unreachable.planRollback({ cluster: production, service });
    const refusal = unreachable.execute({ planId: plan.id, confirmation: service });
    await expect(refusal).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(
        new RegExp(
          `^Refused on production: the operations log ${topic.replace(/\./g, '\\.')} .* cannot be reached`,
        ),
      ) as unknown,
    });
    expect(primaryDeployment(await describeOne(fleet.ecs, production, service)).taskDefinition).toBe(before);

    // Asked explicitly, the same plan runs with this console's lock only, and the audit log says so.
    const { actionId } = await unreachable.execute({
      planId: plan.id,
      confirmation: service,
      withoutTeamLock: true,
    });
    expect((await unreachable.finished(actionId)).phase).toBe('succeeded');
    const start = (await unreachable.auditLog.read()).records.find(
      (record) => record.entry.actionId === actionId && record.entry.type === 'start',
    );
    expect(start?.entry.message).toMatch(
      /Without the team lock, as asked: the operations log .* cannot be reached/,
    );
  });

  it('acts with the local lock only on an environment that is not production, and says so in the log', async () => {
    const lines: string[] = [];
    const staging = fleet.restart({
      config: await withUnreachableLog('staging'),
      log: (line) => lines.push(line),
    });
    const service = 'user-service';
    const plan = await staging.planRollback({ cluster: 'flarenet-staging', service });
    const { actionId } = await staging.execute({ planId: plan.id, confirmation: '' });
    expect((await staging.finished(actionId)).phase).toBe('succeeded');
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Acting with the local lock only: the operations log .* cannot be reached to take the team lock on ${service}`,
        ),
      ),
    );
  });

  it('refuses a promotion while another program of the team holds the service, and lets it through once released', async () => {
    const service = 'payment-service';
    const good = await fleet.testSandbox.sandbox.runScenario({
      kind: 'good-deploy',
      cluster: 'flarenet-staging',
      service,
    });
    await waitForService(fleet.ecs, 'flarenet-staging', service, isSettledOn(good.taskDefinitionArn));
    // A runbook on another machine holds the service through its own connection to the log.
    const connection = new OperationsLogConnection(
      kafkaClient(fleet.testSandbox.sandbox.kafkaBootstrap, 'runbook'),
      operationsLogConfigSchema.parse({ topic }),
    );
    await connection.connect();
    try {
      const runbook = new TeamLock({
        log: connection,
        holder: {
          identity: 'arn:aws:sts::123456789012:assumed-role/runbook/ci',
          via: 'cli',
          hostname: 'runner-7',
        },
      });
      const clusterArn = (await describeOne(fleet.ecs, production, service)).clusterArn!;
      const held = await runbook.claim({
        actionId: 'runbook-scale-payment',
        target: { clusterArn, service },
        summary: `scaling ${service} to 6 tasks`,
      });
      if (!held.held) throw new Error('The runbook was expected to hold the lock');

      const plan = await ana.planPromotion({
        service,
        fromCluster: 'flarenet-staging',
        toCluster: production,
      });
      // Acting without the team lock is for a log that cannot be reached, never past a holder.
      await expect(
        ana.execute({ planId: plan.id, confirmation: service, withoutTeamLock: true }),
      ).rejects.toMatchObject({
        code: 'TEAM_LOCK_HELD',
        message: expect.stringMatching(
          /^ci@runner-7 \(cli\) is scaling payment-service to 6 tasks since /,
        ) as unknown,
      });
      await held.lease.release();
      // The refused plan was kept: still fresh, it runs once the holder is gone.
      const { actionId } = await ana.execute({ planId: plan.id, confirmation: service });
      expect((await ana.finished(actionId)).phase).toBe('succeeded');
      expect((await recordsOf(actionId)).map((record) => record.kind)).toEqual([
        'claimed',
        'started',
        'progress',
        'progress',
        'finished',
        'released',
      ]);
    } finally {
      await connection.disconnect();
    }
  });

  it('keeps holding past its first lease while it renews, and lets others in once it finishes', async () => {
    const service = `renewed-${randomUUID()}`;
    const target = { clusterArn: `arn:aws:ecs:us-east-1:000000000000:cluster/${production}`, service };
    const lockOn = (hostname: string) =>
      new TeamActionLocks({
        // Shorter than the config allows, so the test waits through a few renewals rather than a minute.
        kafka: () =>
          (fleet.config.kafka ?? []).map((cluster) => ({
            ...cluster,
            operationsLog: { ...operationsLogConfigSchema.parse({ topic }), leaseMs: 3_000 },
          })),
        via: 'host',
        hostname,
        now: Date.now,
        newId: randomUUID,
        log: () => {},
      });
    const [holding, waiting] = [lockOn('ana-laptop'), lockOn('ben-desktop')];
    const claim = (locks: TeamActionLocks) =>
      locks.claim({
        environment: 'production',
        production: true,
        actionId: randomUUID(),
        target,
        summary: `rolling back ${service} :4 → :3`,
        identity: 'sandbox',
      });
    try {
      const action = await claim(holding);
      if (!action) throw new Error('The first claim was expected to hold the lock');
      action.startRenewing();
      // Past the first lease: only the renewals keep the claim holding.
      await new Promise((resolve) => setTimeout(resolve, 4_500));
      await expect(claim(waiting)).rejects.toMatchObject({
        code: 'TEAM_LOCK_HELD',
        message: expect.stringMatching(/^sandbox@ana-laptop \(host\) is rolling back/) as unknown,
      });
      await action.finish('succeeded', null);
      const next = await claim(waiting);
      expect(next).not.toBeNull();
      await next?.finish('succeeded', null);
    } finally {
      await Promise.all([holding.close(), waiting.close()]);
    }
  });
});
