import { defineApi } from './kafkaApi';
import { KafkaError } from './kafkaErrors';
import { int16, int32, int64, nullableString, struct } from './wireSchema';

/**
 * InitProducerId: gives an idempotent producer its id and epoch, which it then stamps on
 * every batch with a sequence number per partition. A transactional id needs the
 * transaction coordinator, whose log a single broker cannot host (it wants three replicas),
 * so those requests find it unavailable, as FindCoordinator says.
 */
export const initProducerIdApi = defineApi({
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  request: struct({ transactionalId: nullableString, transactionTimeoutMs: int32 }),
  response: struct({ throttleTimeMs: int32, errorCode: int16, producerId: int64, producerEpoch: int16 }),
  handle: (request, { broker }) =>
    request.transactionalId === null
      ? {
          throttleTimeMs: 0,
          errorCode: KafkaError.none,
          producerId: broker.nextProducerId(),
          producerEpoch: 0,
        }
      : {
          throttleTimeMs: 0,
          errorCode: KafkaError.coordinatorNotAvailable,
          producerId: -1,
          producerEpoch: -1,
        },
});
