import { describe, expect, it } from 'vitest';
import { chooseRollbackTarget, type DeploymentFact, type RevisionFacts } from './rollbackTarget';

const arn = (revision: number) => `arn:aws:ecs:us-east-1:1:task-definition/payment-service:${revision}`;
const revision = (n: number, status = 'ACTIVE'): RevisionFacts => ({
  arn: arn(n),
  family: 'payment-service',
  revision: n,
  status,
  registeredAt: n * 1000,
  imageTags: [`v1.2.${n}`],
});
const fact = (
  n: number,
  outcome: DeploymentFact['outcome'],
  at: number,
  detail: string | null = null,
): DeploymentFact => ({
  taskDefinitionArn: arn(n),
  outcome,
  at,
  detail,
});
const revisions = [1, 2, 3, 4, 5, 6].map((n) => revision(n));

describe('chooseRollbackTarget', () => {
  it('takes the revision of the last deployment that completed before the current one', () => {
    const choice = chooseRollbackTarget({
      currentArn: arn(6),
      revisions,
      history: [
        fact(3, 'completed', 100),
        fact(5, 'completed', 300),
        fact(6, 'completed', 400),
        fact(4, 'stopped', 200),
      ],
      failures: [],
    });
    expect(choice).toMatchObject({ ok: true, target: { revision: 5 } });
    if (choice.ok)
      expect(choice.reason).toMatch(
        /^payment-service:5 is the revision of the last deployment that completed before payment-service:6/,
      );
  });

  it('never proposes a revision the console has seen fail, nor one the circuit breaker rolled back, nor an INACTIVE one', () => {
    const choice = chooseRollbackTarget({
      currentArn: arn(6),
      revisions: [...revisions.slice(0, 3), revision(4, 'INACTIVE'), ...revisions.slice(4)],
      history: [
        fact(5, 'completed', 500),
        fact(4, 'completed', 400),
        fact(3, 'completed', 300),
        fact(3, 'failed', 350, 'rolled back by the circuit breaker'),
      ],
      failures: [{ taskDefinitionArn: arn(5), reason: 'its rollout FAILED', at: 600 }],
    });
    expect(choice).toMatchObject({ ok: true, target: { revision: 2 } });
    if (!choice.ok) return;
    expect(choice.warnings).toEqual([
      'payment-service:5 completed a deployment but later failed (its rollout FAILED); skipped.',
      'payment-service:4 completed a deployment but is INACTIVE now; skipped.',
      'payment-service:3 completed a deployment but later failed (rolled back by the circuit breaker); skipped.',
      'Skipped revisions the console has seen fail: payment-service:5 (its rollout FAILED); payment-service:3 (rolled back by the circuit breaker).',
    ]);
    expect(choice.reason).toMatch(/newest earlier ACTIVE revision that the console has not seen fail/);
    const byRevision = Object.fromEntries(
      choice.alternatives.map((alt) => [alt.revision, [alt.outcome, alt.isProposed, alt.selectable]]),
    );
    expect(byRevision).toEqual({
      5: ['failed', false, true],
      4: ['completed', false, false],
      3: ['failed', false, true],
      2: ['unknown', true, true],
      1: ['unknown', false, true],
    });
  });

  it('still proposes a revision someone rolled back from, saying so, since that alone does not show it failed', () => {
    const choice = chooseRollbackTarget({
      currentArn: arn(4),
      revisions: revisions.slice(0, 4),
      history: [
        fact(2, 'completed', 100),
        fact(3, 'completed', 200),
        fact(
          3,
          'rolled-back',
          300,
          'was rolled back from by arn:aws:iam::1:user/oncall at 1970-01-01T00:00:00.300Z',
        ),
        fact(4, 'in-progress', 400),
      ],
      failures: [],
    });
    expect(choice).toMatchObject({ ok: true, target: { revision: 3 } });
    if (!choice.ok) return;
    expect(choice.warnings).toEqual([
      'payment-service:3 was rolled back from by arn:aws:iam::1:user/oncall at 1970-01-01T00:00:00.300Z; nothing on record shows it failed, so it is still a candidate.',
    ]);
    expect(choice.alternatives.find((alt) => alt.revision === 3)).toMatchObject({
      outcome: 'rolled-back',
      outcomeDetail: 'was rolled back from by arn:aws:iam::1:user/oncall at 1970-01-01T00:00:00.300Z',
      isProposed: true,
    });
  });

  it('falls back to the newest earlier revision of the family when there is no history', () => {
    const choice = chooseRollbackTarget({ currentArn: arn(4), revisions, history: [], failures: [] });
    expect(choice).toMatchObject({ ok: true, target: { revision: 3 } });
  });

  it('refuses when nothing earlier is left', () => {
    const choice = chooseRollbackTarget({
      currentArn: arn(2),
      revisions: [revision(1), revision(2), revision(3)],
      history: [],
      failures: [{ taskDefinitionArn: arn(1), reason: 'its rollout FAILED', at: 1 }],
    });
    expect(choice).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    if (!choice.ok)
      expect(choice.message).toMatch(
        /No revision to roll back to: payment-service:2 has no earlier ACTIVE revision.*skipped payment-service:1/,
      );
  });

  it('honours a revision the user picks, refusing missing, current and INACTIVE ones and warning about failed ones', () => {
    const input = {
      currentArn: arn(6),
      revisions: [...revisions.slice(1), revision(1, 'INACTIVE')],
      history: [],
      failures: [{ taskDefinitionArn: arn(4), reason: 'its rollout FAILED', at: 1 }],
    };
    expect(chooseRollbackTarget({ ...input, requestedRevision: 9 })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      message: 'payment-service:9 does not exist.',
    });
    expect(chooseRollbackTarget({ ...input, requestedRevision: 6 })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    expect(chooseRollbackTarget({ ...input, requestedRevision: 1 })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      message: expect.stringMatching(/INACTIVE/) as unknown,
    });
    const picked = chooseRollbackTarget({ ...input, requestedRevision: 4 });
    expect(picked).toMatchObject({ ok: true, target: { revision: 4 } });
    if (picked.ok) expect(picked.warnings[0]).toMatch(/has seen payment-service:4 fail/);
  });
});
