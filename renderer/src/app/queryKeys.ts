/**
 * Every TanStack Query key in the renderer, built here and nowhere else, so invalidating
 * or patching a query never depends on retyping its key correctly.
 */
export const queryKeys = {
  appInfo: () => ['app', 'info'] as const,
  fleet: () => ['fleet'] as const,
  serviceDetails: (clusterName: string, serviceName: string) =>
    ['fleet', 'serviceDetails', clusterName, serviceName] as const,
  kafkaGroupDetails: (kafkaCluster: string, groupId: string) =>
    ['kafka', 'groupDetails', kafkaCluster, groupId] as const,
  kafkaTopics: (kafkaCluster: string) => ['kafka', 'topics', kafkaCluster] as const,
};

export const mutationKeys = {
  fleetRefresh: () => ['fleet', 'refresh'] as const,
  sandboxScenario: () => ['sandbox', 'runScenario'] as const,
  kafkaTailSetPaused: () => ['kafka', 'tailSetPaused'] as const,
};
