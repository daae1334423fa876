import { kafkaGroupCatalog } from '../../../shared/ipc/kafka';
import { catalogHooks } from '../app/catalogQuery';
import { queryKeys } from '../app/queryKeys';

/** Every consumer group by name (shared/ipc/kafka.ts `kafkaGroupCatalog`); see app/catalogQuery.ts. */
export const { useCatalog: useGroupCatalog, useReadCatalog: useReadGroupCatalog } = catalogHooks(
  kafkaGroupCatalog,
  queryKeys.groupCatalog(),
  (response) => response.groups,
);
