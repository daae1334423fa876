import { topologySpecSchema, type TopologySpec } from './topologyModel';

/**
 * FlareNet as the sandbox runs it: an ALB in front of api-gateway, the order saga over Kafka
 * and one datastore per stateful service. Consumer groups are named after their services,
 * so ownership comes from the naming convention and needs no entry here.
 */
export const sandboxTopologySpec: TopologySpec = topologySpecSchema.parse({
  entries: [{ name: 'alb', kind: 'load-balancer', routesTo: ['api-gateway'] }],
  http: {
    'api-gateway': ['auth-service', 'user-service', 'order-service', 'catalog-service'],
  },
  produces: {
    'order-service': [
      'order-created',
      'inventory-reserve',
      'payment-process',
      'inventory-rollback',
      'order-completed',
      'notification-send',
    ],
    'inventory-service': ['saga-response'],
    'payment-service': ['saga-response'],
    'user-service': ['user-events'],
  },
  consumes: {
    'order-service': ['saga-response'],
    'inventory-service': ['inventory-reserve', 'inventory-rollback'],
    'payment-service': ['payment-process'],
    'notification-service': ['notification-send', 'order-completed'],
    'analytics-service': ['user-events', 'order-created', 'order-completed'],
  },
  datastores: [
    { name: 'orders-db', kind: 'postgres', usedBy: ['order-service'] },
    { name: 'payments-db', kind: 'postgres', usedBy: ['payment-service'] },
    { name: 'inventory-db', kind: 'postgres', usedBy: ['inventory-service'] },
    { name: 'users-db', kind: 'postgres', usedBy: ['user-service'] },
    { name: 'catalog-cache', kind: 'redis', usedBy: ['catalog-service'] },
  ],
  domains: {
    edge: ['api-gateway', 'auth-service'],
    customers: ['user-service', 'notification-service', 'analytics-service', 'user-events'],
    orders: [
      'order-service',
      'inventory-service',
      'payment-service',
      'catalog-service',
      'order-created',
      'inventory-reserve',
      'payment-process',
      'saga-response',
      'order-completed',
      'inventory-rollback',
      'notification-send',
    ],
  },
});
