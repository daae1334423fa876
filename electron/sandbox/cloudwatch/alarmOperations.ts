import type { AlarmHistoryItem, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { AlarmBook, AlarmDefinition, AlarmState } from './alarmBook';
import { CloudWatchApiError } from './cloudwatchProtocols';
import {
  maxRecordsOf,
  optionalEpochMs,
  optionalString,
  optionalStringList,
  pageOf,
} from './cloudwatchRequests';

const stateValues = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];
const alarmTypes = ['MetricAlarm', 'CompositeAlarm'];

/** DescribeAlarms: metric alarms by name, filtered by names, a name prefix or a state; the fleet has no composite alarms. */
export function describeAlarms(book: AlarmBook, input: object, now: number): object {
  const request = input as Record<string, unknown>;
  const names = optionalStringList(request, 'AlarmNames', 100);
  const prefix = optionalString(request, 'AlarmNamePrefix');
  if (names && prefix !== undefined)
    throw new CloudWatchApiError(
      'InvalidParameterCombination',
      'AlarmNamePrefix and AlarmNames cannot be specified at the same time.',
    );
  const state = optionalString(request, 'StateValue');
  if (state !== undefined && !stateValues.includes(state))
    throw new CloudWatchApiError(
      'InvalidParameterValue',
      `The StateValue ${state} is not one of ${stateValues.join(', ')}.`,
    );
  const types = optionalStringList(request, 'AlarmTypes', 2);
  if (types?.some((type) => !alarmTypes.includes(type)))
    throw new CloudWatchApiError(
      'InvalidParameterValue',
      `AlarmTypes may only hold ${alarmTypes.join(' and ')}.`,
    );
  const wanted = names ? new Set(names) : null;
  const matching =
    types && !types.includes('MetricAlarm')
      ? []
      : book
          .alarms(now)
          .filter(
            ({ definition, state: current }) =>
              (wanted === null || wanted.has(definition.name)) &&
              (prefix === undefined || definition.name.startsWith(prefix)) &&
              (state === undefined || current.value === state),
          );
  const page = pageOf(matching, request.NextToken, maxRecordsOf(request), 'alarms');
  return {
    MetricAlarms: page.items.map(({ definition, state: current }) => metricAlarm(definition, current)),
    CompositeAlarms: [],
    NextToken: page.nextToken,
  };
}

/** DescribeAlarmHistory: the state changes of every alarm or one, newest first unless ScanBy says otherwise. */
export function describeAlarmHistory(book: AlarmBook, input: object, now: number): object {
  const request = input as Record<string, unknown>;
  const alarmName = optionalString(request, 'AlarmName');
  const itemType = optionalString(request, 'HistoryItemType');
  const from = optionalEpochMs(request, 'StartDate') ?? Number.NEGATIVE_INFINITY;
  const until = optionalEpochMs(request, 'EndDate') ?? Number.POSITIVE_INFINITY;
  const scanBy = optionalString(request, 'ScanBy') ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending')
    throw new CloudWatchApiError(
      'InvalidParameterValue',
      `ScanBy must be TimestampDescending or TimestampAscending, not ${scanBy}.`,
    );
  const types = optionalStringList(request, 'AlarmTypes', 2);
  const metricAlarmsWanted = !types || types.includes('MetricAlarm');
  const records = book
    .changes(now)
    .filter(
      (record) =>
        metricAlarmsWanted &&
        (itemType === undefined || itemType === 'StateUpdate') &&
        (alarmName === undefined || record.alarmName === alarmName) &&
        record.timestamp >= from &&
        record.timestamp <= until,
    );
  if (scanBy === 'TimestampDescending') records.reverse();
  const page = pageOf(records, request.NextToken, maxRecordsOf(request), 'history');
  return {
    AlarmHistoryItems: page.items.map((record): AlarmHistoryItem => ({
      AlarmName: record.alarmName,
      AlarmType: 'MetricAlarm',
      Timestamp: new Date(record.timestamp),
      HistoryItemType: 'StateUpdate',
      HistorySummary: record.summary,
      HistoryData: record.data,
    })),
    NextToken: page.nextToken,
  };
}

function metricAlarm(definition: AlarmDefinition, state: AlarmState): MetricAlarm {
  return {
    AlarmName: definition.name,
    AlarmArn: definition.arn,
    AlarmDescription: definition.description,
    AlarmConfigurationUpdatedTimestamp: definition.configurationUpdatedAt,
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    StateValue: state.value,
    StateReason: state.reason,
    StateReasonData: state.reasonData,
    StateUpdatedTimestamp: new Date(state.updatedAt),
    StateTransitionedTimestamp: new Date(state.transitionedAt),
    MetricName: definition.metricName,
    Namespace: definition.namespace,
    Statistic: definition.statistic,
    Dimensions: definition.dimensions,
    Period: definition.periodSeconds,
    EvaluationPeriods: definition.evaluationPeriods,
    DatapointsToAlarm: definition.datapointsToAlarm,
    Threshold: definition.threshold,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
  };
}
