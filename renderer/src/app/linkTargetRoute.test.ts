import { describe, expect, it } from 'vitest';
import type { LinkTarget } from '../../../shared/desktop/deepLink';
import { hashForLinkTarget, linkTargetFromHash } from './linkTargetRoute';
import { viewFromHash } from './views';

const service: LinkTarget = {
  kind: 'service',
  environment: 'production',
  cluster: 'prod-eu-1',
  service: 'payments',
};
const group: LinkTarget = { kind: 'group', cluster: 'main', group: 'payments/settlement v2&co' };

describe('the address of a linked service or group', () => {
  it('opens a service in the services view and a group in the lag view', () => {
    expect(hashForLinkTarget(service)).toBe(
      '#/services?environment=production&cluster=prod-eu-1&service=payments',
    );
    expect(viewFromHash(hashForLinkTarget(group))).toBe('lag');
  });

  it('reads back what it wrote, whatever characters a group id has', () => {
    expect(linkTargetFromHash(hashForLinkTarget(service))).toEqual(service);
    expect(linkTargetFromHash(hashForLinkTarget(group))).toEqual(group);
  });

  it('names nothing on a plain view, a partial query, another view or a bad name', () => {
    for (const hash of [
      '',
      '#/services',
      '#/services?environment=production&cluster=prod-eu-1',
      '#/logs?cluster=main&group=payments',
      '#/services?environment=pro%20duction&cluster=prod-eu-1&service=payments',
    ]) {
      expect(linkTargetFromHash(hash)).toBeNull();
    }
  });
});
