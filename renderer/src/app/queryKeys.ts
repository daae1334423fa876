/**
 * Every TanStack Query key in the renderer, built here and nowhere else, so invalidating
 * or patching a query never depends on retyping its key correctly.
 */
export const queryKeys = {
  appInfo: () => ['app', 'info'] as const,
  fleet: () => ['fleet'] as const,
  fleetCatalog: () => ['fleet', 'catalog'] as const,
  groupCatalog: () => ['kafka', 'groupCatalog'] as const,
  serviceDetails: (clusterName: string, serviceName: string) =>
    ['fleet', 'serviceDetails', clusterName, serviceName] as const,
  kafkaGroupDetails: (kafkaCluster: string, groupId: string) =>
    ['kafka', 'groupDetails', kafkaCluster, groupId] as const,
  kafkaTopics: (kafkaCluster: string) => ['kafka', 'topics', kafkaCluster] as const,
  /** The metrics of these services (sorted, so the same set is one query), from main's last read. */
  serviceMetrics: (keys: readonly string[]) => ['metrics', 'forServices', ...keys] as const,
  serviceActivity: (serviceKey: string) => ['metrics', 'serviceActivity', serviceKey] as const,
  topologySpec: () => ['topology', 'spec'] as const,
  actionsPolicy: () => ['actions', 'policy'] as const,
  rollbackPlan: (environment: string, cluster: string, service: string, targetRevision: number | null) =>
    ['actions', 'rollbackPlan', environment, cluster, service, targetRevision] as const,
  promotionPlan: (
    from: { environment: string; cluster: string; service: string },
    to: { environment: string; cluster: string; service: string },
  ) =>
    [
      'actions',
      'promotionPlan',
      from.environment,
      from.cluster,
      from.service,
      to.environment,
      to.cluster,
      to.service,
    ] as const,
  /** Every page of the audit log, whatever the filter: for refreshing after an action. */
  audit: () => ['audit'] as const,
  auditList: (source: 'current' | 'other', service: string | null, cluster: string | null) =>
    ['audit', 'list', source, service, cluster] as const,
};

export const mutationKeys = {
  fleetRefresh: () => ['fleet', 'refresh'] as const,
  sandboxScenario: () => ['sandbox', 'runScenario'] as const,
  kafkaTailSetPaused: () => ['kafka', 'tailSetPaused'] as const,
  logsTailSetPaused: () => ['logs', 'tailSetPaused'] as const,
  actionsExecute: () => ['actions', 'execute'] as const,
  auditExport: () => ['audit', 'export'] as const,
  restartToUpdate: () => ['desktop', 'restartToUpdate'] as const,
};
