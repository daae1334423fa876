import { linkTargetSchema, type LinkTarget } from '../../../shared/desktop/deepLink';
import { hashForView, queryFromHash, viewFromHash } from './views';

/**
 * The page's own address for what a `flarenet://` link names: `#/services?environment=…&
 * cluster=…&service=…` or `#/lag?cluster=…&group=…`. The desktop app opens a link by going
 * there, and a browser page opened on such an address shows the same thing.
 */
export function hashForLinkTarget(target: LinkTarget): string {
  if (target.kind === 'service') {
    const { environment, cluster, service } = target;
    return hashForView('services', new URLSearchParams({ environment, cluster, service }));
  }
  return hashForView('lag', new URLSearchParams({ cluster: target.cluster, group: target.group }));
}

/** The service or group a location hash names, or null when it names none (or not a valid one). */
export function linkTargetFromHash(hash: string): LinkTarget | null {
  const view = viewFromHash(hash);
  const query = queryFromHash(hash);
  const candidate =
    view === 'services'
      ? {
          kind: 'service',
          environment: query.get('environment'),
          cluster: query.get('cluster'),
          service: query.get('service'),
        }
      : view === 'lag'
        ? { kind: 'group', cluster: query.get('cluster'), group: query.get('group') }
        : null;
  const parsed = linkTargetSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}
