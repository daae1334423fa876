import type { GroupStatus, LagTrend, PartitionStatus } from '../../../shared/kafka/kafkaModel';

interface StatusLook {
  glyph: string;
  word: string;
  /** What the status means, for a tooltip. */
  meaning: string;
}

/**
 * How lag statuses read on screen: a glyph and a word that carry the meaning on their own,
 * colour only as a second cue (from the `lag-status-*` classes).
 */
export const groupStatusPresentation: Readonly<Record<GroupStatus, StatusLook>> = {
  OK: { glyph: '✓', word: 'OK', meaning: 'every partition is keeping up' },
  WARN: { glyph: '▲', word: 'WARN', meaning: 'lag is growing on some partition' },
  ERR: { glyph: '✖', word: 'ERR', meaning: 'a partition has stalled, stopped or rewound' },
  UNKNOWN: { glyph: '○', word: 'UNKNOWN', meaning: 'not enough history yet to judge' },
};

/** Partition statuses spell out Burrow's reasons, which the group folds into ERR. */
export const partitionStatusPresentation: Readonly<Record<PartitionStatus, StatusLook>> = {
  OK: { glyph: '✓', word: 'OK', meaning: 'keeping up' },
  WARN: { glyph: '▲', word: 'WARN', meaning: 'lag grew over the whole window' },
  STALL: {
    glyph: '✖',
    word: 'STALL',
    meaning: 'commits arrive but the offset does not move while there is lag',
  },
  STOP: { glyph: '■', word: 'STOP', meaning: 'no commit for longer than the window while there is lag' },
  REWIND: { glyph: '↺', word: 'REWIND', meaning: 'the committed offset went backwards' },
};

/** Worst first. */
export const groupStatusesBySeverity: readonly GroupStatus[] = ['ERR', 'WARN', 'UNKNOWN', 'OK'];

/** Higher is worse. */
export function groupStatusSeverity(status: GroupStatus): number {
  return groupStatusesBySeverity.length - groupStatusesBySeverity.indexOf(status);
}

export const trendPresentation: Readonly<Record<LagTrend, { glyph: string; word: string }>> = {
  growing: { glyph: '↗', word: 'growing' },
  draining: { glyph: '↘', word: 'draining' },
  flat: { glyph: '→', word: 'flat' },
  unknown: { glyph: '…', word: 'measuring' },
};
