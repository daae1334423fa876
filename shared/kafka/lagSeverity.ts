import type { ConsoleFinding, GroupStatus, LagSeverity } from './kafkaModel';

/**
 * A group's severity: the worse of Burrow's status and the console's findings. It sorts and
 * colours the group everywhere and is what an alert would follow; the words on the badge
 * stay Burrow's status and the findings' own names.
 */

/** Worst first. */
export const lagSeveritiesByRank: readonly LagSeverity[] = ['error', 'warn', 'unknown', 'ok'];

/** Higher is worse. */
export function lagSeverityRank(severity: LagSeverity): number {
  return lagSeveritiesByRank.length - lagSeveritiesByRank.indexOf(severity);
}

export function worseSeverity(a: LagSeverity, b: LagSeverity): LagSeverity {
  return lagSeverityRank(b) > lagSeverityRank(a) ? b : a;
}

/** Burrow's group status as a severity; an OK with no partition judged yet is not known to be ok. */
export function burrowSeverity(status: GroupStatus, judgedCount: number): LagSeverity {
  switch (status) {
    case 'ERR':
      return 'error';
    case 'WARN':
      return 'warn';
    case 'OK':
      return judgedCount > 0 ? 'ok' : 'unknown';
    case 'NOTFOUND':
      return 'unknown';
  }
}

export interface GroupJudgement {
  severity: LagSeverity;
  /** One line: the worse of Burrow's reason and the findings first. */
  statusReason: string;
}

/** Burrow's verdict and the findings, as one severity and one line for the group's row. */
export function judgeGroup(
  burrow: { status: GroupStatus; reason: string; judgedCount: number },
  findings: readonly ConsoleFinding[],
): GroupJudgement {
  const fromBurrow = burrowSeverity(burrow.status, burrow.judgedCount);
  const fromFindings = findings.reduce<LagSeverity>(
    (worst, finding) => worseSeverity(worst, finding.severity),
    'ok',
  );
  const severity = worseSeverity(fromBurrow, fromFindings);
  if (findings.length === 0) return { severity, statusReason: burrow.reason };
  const burrowPart = `Burrow ${burrow.status}: ${burrow.reason}`;
  const findingParts = findings.map((finding) => finding.summary);
  const parts =
    lagSeverityRank(fromFindings) > lagSeverityRank(fromBurrow)
      ? [...findingParts, burrowPart]
      : [burrowPart, ...findingParts];
  return { severity, statusReason: parts.join('; ') };
}
