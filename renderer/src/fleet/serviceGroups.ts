import type { ServiceEntry } from '../../../shared/ipc/fleet';

/** Services under "environment · cluster" labels, both in order, for a picker's option groups. */
export function groupServicesByCluster<
  Service extends Pick<ServiceEntry, 'environment' | 'clusterName' | 'serviceName'>,
>(services: Iterable<Service>): { label: string; services: Service[] }[] {
  const groups = new Map<string, Service[]>();
  for (const service of services) {
    const label = `${service.environment} · ${service.clusterName}`;
    const members = groups.get(label);
    if (members) members.push(service);
    else groups.set(label, [service]);
  }
  return [...groups]
    .map(([label, members]) => ({
      label,
      services: members.sort((a, b) => a.serviceName.localeCompare(b.serviceName)),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
}
