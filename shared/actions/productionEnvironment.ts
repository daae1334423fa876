/**
 * Whether an action needs the service name typed to confirm it. The environment's name
 * decides when it says what it is; otherwise the cluster's name does; when neither says,
 * the answer is yes — an unknown environment is treated as production.
 */

const productionWords = new Set(['prod', 'production', 'prd', 'live']);
const nonProductionWords = new Set([
  'staging',
  'stage',
  'stg',
  'dev',
  'development',
  'test',
  'testing',
  'qa',
  'uat',
  'sandbox',
  'demo',
  'local',
  'preview',
  'bench',
]);

function classify(name: string): 'production' | 'non-production' | null {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  if (words.some((word) => productionWords.has(word))) return 'production';
  if (words.some((word) => nonProductionWords.has(word))) return 'non-production';
  return null;
}

export function isProductionEnvironment(environment: string, cluster?: string): boolean {
  const byEnvironment = classify(environment);
  if (byEnvironment !== null) return byEnvironment === 'production';
  const byCluster = cluster === undefined ? null : classify(cluster.slice(cluster.lastIndexOf('/') + 1));
  return byCluster !== 'non-production';
}

/** Main's own check of a confirmation: production needs the service name exactly. */
export function confirmationRefusal(
  plan: { requiresTypedConfirmation: boolean; service: string; environment: string },
  confirmation: string,
): string | null {
  if (!plan.requiresTypedConfirmation || confirmation === plan.service) return null;
  return confirmation.trim() === ''
    ? `${plan.service} runs in ${plan.environment}: type the service name to confirm.`
    : `The confirmation does not match: type ${plan.service} exactly to confirm an action in ${plan.environment}.`;
}
