import { consoleFindingNames, consoleFindingShortNames } from './consoleFindings';
import type { ConsoleFindingKind, GroupStatus, LagSeverity, LagTrend, PartitionStatus } from './kafkaModel';

interface StatusLook {
  glyph: string;
  word: string;
  /** What the status means, for a tooltip. */
  meaning: string;
}

/**
 * How lag statuses read on screen: a glyph and a word that carry the meaning on their own,
 * colour only as a second cue (from the `lag-status-*` and `lag-severity-*` classes).
 * Burrow's statuses keep Burrow's words and meanings; the console's findings and the
 * severity that combines both have words of their own.
 */
export const groupStatusPresentation: Readonly<Record<GroupStatus, StatusLook>> = {
  OK: {
    glyph: '✓',
    word: 'OK',
    meaning: 'Burrow: no partition in trouble (or windows not yet full enough to judge)',
  },
  WARN: { glyph: '▲', word: 'WARN', meaning: 'Burrow: the lag grew over the whole window on some partition' },
  ERR: { glyph: '✖', word: 'ERR', meaning: 'Burrow: a partition has stopped, stalled or rewound' },
  NOTFOUND: { glyph: '○', word: 'NOTFOUND', meaning: 'Burrow: no commit of the group to judge' },
};

/** Partition statuses spell out Burrow's reasons, which the group folds into ERR. */
export const partitionStatusPresentation: Readonly<Record<PartitionStatus, StatusLook>> = {
  OK: { glyph: '✓', word: 'OK', meaning: 'no rule of Burrow’s holds' },
  WARN: { glyph: '▲', word: 'WARN', meaning: 'the lag grew at every commit of the window' },
  STALL: {
    glyph: '✖',
    word: 'STALL',
    meaning: 'commits continue but the offset does not move while there is lag',
  },
  STOP: {
    glyph: '■',
    word: 'STOP',
    meaning: 'no commit for longer than the window spans while there is lag',
  },
  REWIND: {
    glyph: '↺',
    word: 'REWIND',
    meaning: 'the committed offset went backwards and has not come back',
  },
};

/** The console's own findings: a short word for a crowded cell, the full name elsewhere. */
export const findingPresentation: Readonly<Record<ConsoleFindingKind, { short: string; name: string }>> = {
  'no-consumer-assigned': {
    short: consoleFindingShortNames['no-consumer-assigned'],
    name: consoleFindingNames['no-consumer-assigned'],
  },
  'rebalancing-without-end': {
    short: consoleFindingShortNames['rebalancing-without-end'],
    name: consoleFindingNames['rebalancing-without-end'],
  },
  'lag-rising-while-still': {
    short: consoleFindingShortNames['lag-rising-while-still'],
    name: consoleFindingNames['lag-rising-while-still'],
  },
};

/** The severity that sorts and colours a group: the worse of Burrow's status and the findings. */
export const severityPresentation: Readonly<Record<LagSeverity, StatusLook>> = {
  error: { glyph: '✖', word: 'error', meaning: 'Burrow says ERR, or the console found an error' },
  warn: { glyph: '▲', word: 'warning', meaning: 'Burrow says WARN, or the console found a warning' },
  unknown: { glyph: '○', word: 'unknown', meaning: 'nothing judged yet' },
  ok: { glyph: '✓', word: 'ok', meaning: 'Burrow says OK and the console found nothing' },
};

export const trendPresentation: Readonly<Record<LagTrend, { glyph: string; word: string }>> = {
  growing: { glyph: '↗', word: 'growing' },
  draining: { glyph: '↘', word: 'draining' },
  flat: { glyph: '→', word: 'flat' },
  unknown: { glyph: '…', word: 'measuring' },
};
