import { compactDuration } from '../time/durationText';
import type { DiffRow, DiffSection } from './actionModel';
import { maskEnvironmentValue } from './secretMasking';

/**
 * What changes for a service when it moves from one task definition to another, in rows a
 * person can check before confirming: images, environment (sensitive values masked),
 * secret references, sizes, command, ports, roles and health check. The shapes below are
 * the part of ECS's TaskDefinition the diff reads, so the SDK's objects fit them as they are.
 */

export interface KeyValueSpec {
  name?: string | undefined;
  value?: string | undefined;
}

export interface SecretSpec {
  name?: string | undefined;
  valueFrom?: string | undefined;
}

export interface PortMappingSpec {
  containerPort?: number | undefined;
  hostPort?: number | undefined;
  protocol?: string | undefined;
  name?: string | undefined;
  appProtocol?: string | undefined;
}

export interface HealthCheckSpec {
  command?: string[] | undefined;
  interval?: number | undefined;
  timeout?: number | undefined;
  retries?: number | undefined;
  startPeriod?: number | undefined;
}

export interface ContainerSpec {
  name?: string | undefined;
  image?: string | undefined;
  cpu?: number | undefined;
  memory?: number | undefined;
  memoryReservation?: number | undefined;
  command?: string[] | undefined;
  entryPoint?: string[] | undefined;
  environment?: KeyValueSpec[] | undefined;
  secrets?: SecretSpec[] | undefined;
  portMappings?: PortMappingSpec[] | undefined;
  healthCheck?: HealthCheckSpec | undefined;
}

export interface TaskDefinitionSpec {
  family?: string | undefined;
  revision?: number | undefined;
  cpu?: string | undefined;
  memory?: string | undefined;
  taskRoleArn?: string | undefined;
  executionRoleArn?: string | undefined;
  containerDefinitions?: ContainerSpec[] | undefined;
}

export function diffTaskDefinitions(from: TaskDefinitionSpec, to: TaskDefinitionSpec): DiffRow[] {
  const rows: DiffRow[] = [];
  const push = (
    section: DiffSection,
    container: string | null,
    name: string,
    a: string | number | undefined,
    b: string | number | undefined,
  ) => {
    const fromText = display(a);
    const toText = display(b);
    if (fromText !== toText)
      rows.push({ section, container, name, from: fromText, to: toText, masked: false });
  };

  push('cpu', null, 'task CPU units', from.cpu, to.cpu);
  push('memory', null, 'task memory (MiB)', from.memory, to.memory);
  push('role', null, 'task role', from.taskRoleArn, to.taskRoleArn);
  push('role', null, 'execution role', from.executionRoleArn, to.executionRoleArn);

  const fromContainers = byName(from.containerDefinitions);
  const toContainers = byName(to.containerDefinitions);
  for (const name of unionOfKeys(fromContainers, toContainers)) {
    const a = fromContainers.get(name);
    const b = toContainers.get(name);
    if (!a || !b) {
      rows.push({
        section: 'container',
        container: name,
        name: 'container',
        from: a ? (a.image ?? 'present') : null,
        to: b ? (b.image ?? 'present') : null,
        masked: false,
      });
      continue;
    }
    push('image', name, 'image', a.image, b.image);
    rows.push(...diffEnvironment(name, a.environment, b.environment));
    rows.push(...diffSecrets(name, a.secrets, b.secrets));
    push('cpu', name, 'CPU units', a.cpu, b.cpu);
    push('memory', name, 'memory (MiB)', a.memory, b.memory);
    push('memory', name, 'memory reservation (MiB)', a.memoryReservation, b.memoryReservation);
    push('command', name, 'command', commandLine(a.command), commandLine(b.command));
    push('entryPoint', name, 'entry point', commandLine(a.entryPoint), commandLine(b.entryPoint));
    rows.push(...diffPorts(name, a.portMappings, b.portMappings));
    push('healthCheck', name, 'health check', healthCheckText(a.healthCheck), healthCheckText(b.healthCheck));
  }
  return rows;
}

function diffEnvironment(
  container: string,
  from: KeyValueSpec[] | undefined,
  to: KeyValueSpec[] | undefined,
): DiffRow[] {
  const a = pairs(from, (entry) => entry.value);
  const b = pairs(to, (entry) => entry.value);
  const rows: DiffRow[] = [];
  for (const name of unionOfKeys(a, b)) {
    const before = a.get(name);
    const after = b.get(name);
    if (before === after) continue;
    const shownBefore = before === undefined ? null : maskEnvironmentValue(name, before);
    const shownAfter = after === undefined ? null : maskEnvironmentValue(name, after);
    rows.push({
      section: 'env',
      container,
      name,
      from: shownBefore?.text ?? null,
      to: shownAfter?.text ?? null,
      masked: (shownBefore?.masked ?? false) || (shownAfter?.masked ?? false),
    });
  }
  return rows;
}

/** Secrets are references (an ARN to read at launch), never values; the reference is what changes. */
function diffSecrets(
  container: string,
  from: SecretSpec[] | undefined,
  to: SecretSpec[] | undefined,
): DiffRow[] {
  const a = pairs(from, (entry) => entry.valueFrom);
  const b = pairs(to, (entry) => entry.valueFrom);
  const rows: DiffRow[] = [];
  for (const name of unionOfKeys(a, b)) {
    const before = a.get(name) ?? null;
    const after = b.get(name) ?? null;
    if (before !== after)
      rows.push({ section: 'secret', container, name, from: before, to: after, masked: false });
  }
  return rows;
}

function diffPorts(
  container: string,
  from: PortMappingSpec[] | undefined,
  to: PortMappingSpec[] | undefined,
): DiffRow[] {
  const key = (mapping: PortMappingSpec) =>
    `${mapping.containerPort ?? '?'}/${(mapping.protocol ?? 'tcp').toLowerCase()}`;
  const a = new Map((from ?? []).map((mapping) => [key(mapping), portText(mapping)]));
  const b = new Map((to ?? []).map((mapping) => [key(mapping), portText(mapping)]));
  const rows: DiffRow[] = [];
  for (const port of unionOfKeys(a, b)) {
    const before = a.get(port) ?? null;
    const after = b.get(port) ?? null;
    if (before !== after)
      rows.push({
        section: 'ports',
        container,
        name: `port ${port}`,
        from: before,
        to: after,
        masked: false,
      });
  }
  return rows;
}

function portText(mapping: PortMappingSpec): string {
  const parts = [`${mapping.containerPort ?? '?'}/${(mapping.protocol ?? 'tcp').toLowerCase()}`];
  if (mapping.hostPort !== undefined && mapping.hostPort !== mapping.containerPort)
    parts.push(`host ${mapping.hostPort}`);
  if (mapping.appProtocol) parts.push(mapping.appProtocol);
  if (mapping.name) parts.push(`"${mapping.name}"`);
  return parts.join(' ');
}

function healthCheckText(check: HealthCheckSpec | undefined): string | undefined {
  if (!check) return undefined;
  // ECS counts these in seconds.
  const seconds = (value: number) => compactDuration(value * 1000);
  const timing = [
    check.interval === undefined ? null : `every ${seconds(check.interval)}`,
    check.timeout === undefined ? null : `timeout ${seconds(check.timeout)}`,
    check.retries === undefined ? null : `${check.retries} retries`,
    check.startPeriod === undefined ? null : `start period ${seconds(check.startPeriod)}`,
  ].filter((part) => part !== null);
  return `${commandLine(check.command) ?? '(no command)'}${timing.length > 0 ? ` (${timing.join(', ')})` : ''}`;
}

/** A command as a person would type it; arguments with spaces or quotes are quoted. */
export function commandLine(parts: readonly string[] | undefined): string | undefined {
  if (!parts || parts.length === 0) return undefined;
  return parts.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : JSON.stringify(part))).join(' ');
}

function display(value: string | number | undefined): string | null {
  if (value === undefined || value === '') return null;
  return String(value);
}

function byName(containers: ContainerSpec[] | undefined): Map<string, ContainerSpec> {
  return new Map(
    (containers ?? []).map((container, index) => [container.name ?? `#${index + 1}`, container]),
  );
}

function pairs<T extends { name?: string | undefined }>(
  entries: T[] | undefined,
  valueOf: (entry: T) => string | undefined,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of entries ?? []) if (entry.name) map.set(entry.name, valueOf(entry) ?? '');
  return map;
}

/** Keys of the first map in its order, then those only the second has. */
function unionOfKeys<K>(a: ReadonlyMap<K, unknown>, b: ReadonlyMap<K, unknown>): K[] {
  return [...a.keys(), ...[...b.keys()].filter((key) => !a.has(key))];
}
