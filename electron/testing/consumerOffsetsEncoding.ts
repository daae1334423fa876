/**
 * How the sandbox broker writes `__consumer_offsets` records, for tests of the console's
 * reader of that topic: the records are built the way a broker builds them.
 */
export { encodeOffsetCommitKey, encodeOffsetCommitValue } from '../sandbox/kafka/consumerOffsetsRecords';
export { WireWriter } from '../sandbox/kafka/wireBuffer';
