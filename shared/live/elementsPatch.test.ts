import { describe, expect, it } from 'vitest';
import { applyElementsPatch, elementsPatch, type ElementsPatch } from './elementsPatch';
import { KeyedPatchError } from './keyedPatchError';

interface Deployment {
  id: string;
  status: string;
  runningCount: number;
  reason?: string;
}

const byId = (deployment: Deployment) => deployment.id;

function deployment(id: string, status = 'ACTIVE', runningCount = 2): Deployment {
  return { id, status, runningCount };
}

/** What the page holds after `patch` crossed as JSON, as the wire carries it. */
function roundTrip(
  old: Deployment[],
  next: Deployment[],
): { patch: ElementsPatch | null; result: unknown[] } {
  const patch = elementsPatch(old, next, byId);
  if (!patch) return { patch, result: next };
  const wire = JSON.parse(JSON.stringify(patch)) as ElementsPatch;
  return { patch, result: applyElementsPatch(old, wire, byId, 'deployments') };
}

describe('a keyed array patched element by element', () => {
  const primary = deployment('ecs-svc/1', 'PRIMARY', 4);
  const older = deployment('ecs-svc/0', 'ACTIVE', 1);

  it('edits: only the changed fields of the element that changed, the others kept as they were', () => {
    const next = [{ ...primary, runningCount: 3 }, older];
    const { patch, result } = roundTrip([primary, older], next);
    expect(patch).toEqual({ edit: [{ key: 'ecs-svc/1', set: { runningCount: 3 } }] });
    expect(result).toEqual(next);
    expect(result[1]).toBe(older);
  });

  it('edits: a field that is gone is unset', () => {
    const withReason = { ...primary, reason: 'tasks failed' };
    const { patch, result } = roundTrip([withReason], [primary]);
    expect(patch).toEqual({ edit: [{ key: 'ecs-svc/1', unset: ['reason'] }] });
    expect(result).toEqual([primary]);
  });

  it('appends at the head: a new deployment first, the kept ones untouched behind it', () => {
    const next = [deployment('ecs-svc/2', 'PRIMARY', 0), { ...primary, status: 'ACTIVE' }, older];
    const { patch, result } = roundTrip([primary, older], next);
    expect(patch).toEqual({
      edit: [{ key: 'ecs-svc/1', set: { status: 'ACTIVE' } }],
      head: [next[0]],
    });
    expect(result).toEqual(next);
    expect(result[2]).toBe(older);
  });

  it('appends at the tail', () => {
    const next = [primary, older, deployment('ecs-svc/3')];
    const { patch, result } = roundTrip([primary, older], next);
    expect(patch).toEqual({ tail: [next[2]] });
    expect(result).toEqual(next);
    expect(result[0]).toBe(primary);
  });

  it('removes by key', () => {
    const { patch, result } = roundTrip([primary, older], [primary]);
    expect(patch).toEqual({ remove: ['ecs-svc/0'] });
    expect(result).toEqual([primary]);
    expect(result[0]).toBe(primary);
  });

  it('sets the array whole when its kept elements moved, a new one came between them, or none is kept', () => {
    const middle = deployment('ecs-svc/9');
    expect(elementsPatch([primary, older], [older, primary], byId)).toBeNull();
    expect(elementsPatch([primary, older], [primary, middle, older], byId)).toBeNull();
    expect(elementsPatch([primary], [middle], byId)).toBeNull();
    expect(elementsPatch([], [primary], byId)).toBeNull();
    expect(elementsPatch([primary, { ...primary }], [primary], byId)).toBeNull();
    expect(elementsPatch('not an array', [primary], byId)).toBeNull();
  });

  it('refuses a patch that does not fit the array, naming what is wrong, and leaves the array as it was', () => {
    const old = [primary, older];
    const frozen = JSON.stringify(old);
    const refusals: [ElementsPatch, RegExp][] = [
      [{ remove: ['ecs-svc/7'] }, /removes element "ecs-svc\/7", which is not there/],
      [
        { edit: [{ key: 'ecs-svc/7', set: { status: 'x' } }] },
        /edits element "ecs-svc\/7", which is not there/,
      ],
      [{ remove: ['ecs-svc/0'], edit: [{ key: 'ecs-svc/0', set: {} }] }, /edits element "ecs-svc\/0"/],
      [{ head: [deployment('ecs-svc/1')] }, /adds element "ecs-svc\/1", which is already there/],
      [{ tail: [deployment('ecs-svc/5'), deployment('ecs-svc/5')] }, /adds elements without distinct keys/],
    ];
    for (const [patch, reason] of refusals) {
      expect(() => applyElementsPatch(old, patch, byId, 'deployments of order-service')).toThrow(reason);
    }
    expect(() => applyElementsPatch(null, { remove: [] }, byId, 'deployments')).toThrow(KeyedPatchError);
    expect(JSON.stringify(old)).toBe(frozen);
  });
});
