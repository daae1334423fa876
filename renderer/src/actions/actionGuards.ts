import type { ActionPhase, ActionPolicyState } from '../../../shared/actions/actionModel';
import { isProductionEnvironment } from '../../../shared/actions/productionEnvironment';
import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import type { AppInfo } from '../../../shared/ipc/app';
import { actionNoun, isFinal, phasePresentation } from './progressText';

/** A service an action is about, as plans, progress and the audit log name it. */
export interface ServiceRef {
  environment: string;
  cluster: string;
  service: string;
}

export function serviceRefKey(ref: ServiceRef): string {
  return `${ref.environment}|${ref.cluster}|${ref.service}`;
}

export function serviceRefOf(
  service: Pick<ServiceSummary, 'environment' | 'clusterName' | 'serviceName'>,
): ServiceRef {
  return { environment: service.environment, cluster: service.clusterName, service: service.serviceName };
}

/** An action this page follows on the service, as far as it knows. */
export interface ActionUnderWay {
  kind: 'rollback' | 'promotion';
  phase: ActionPhase;
}

/**
 * Why an action on this service would be refused right now, in words for a disabled
 * button; null when it may be tried. Main decides again when it runs (this only saves a
 * person the round trip): the console or the environment is read-only, or another action
 * holds the service — named by main's lock, or followed by this page.
 */
export function actionRefusal(input: {
  info: Pick<AppInfo, 'readOnly' | 'readOnlyReason'> | undefined;
  policy: ActionPolicyState | undefined;
  target: ServiceRef;
  underWay?: ActionUnderWay | undefined;
}): string | null {
  const { info, policy, target } = input;
  if (info?.readOnly) return `Read-only: ${info.readOnlyReason ?? 'this console does not run actions'}.`;
  if (policy?.readOnly) return `Read-only: ${policy.readOnlyReason ?? 'this console does not run actions'}.`;
  const environment = policy?.environments.find((entry) => entry.name === target.environment);
  if (environment?.readOnly)
    return `Read-only: ${environment.reason ?? `the ${target.environment} environment is read-only`}.`;
  const lock = policy?.locks.find(
    (holder) =>
      holder.environment === target.environment &&
      holder.cluster === target.cluster &&
      holder.service === target.service,
  );
  if (lock) return `${target.service} is held by ${lock.description}.`;
  const underWay = input.underWay;
  if (underWay && !isFinal(underWay.phase))
    return `A ${actionNoun(underWay.kind).toLowerCase()} of ${target.service} is ${phasePresentation[underWay.phase].word}; one action at a time per service.`;
  return null;
}

/**
 * Whether actions on the environment ask for the service name to be typed: main's policy
 * says when it knows the environment, the same rule main applies otherwise.
 */
export function isProduction(
  policy: ActionPolicyState | undefined,
  ref: Omit<ServiceRef, 'service'>,
): boolean {
  const known = policy?.environments.find((entry) => entry.name === ref.environment);
  return known ? known.production : isProductionEnvironment(ref.environment, ref.cluster);
}
