import type { ScalingActivity } from './metricsModel';

/**
 * The metrics' figures in words, one way everywhere the console shows them: the services
 * table, the detail panel, the topology and a rollback's evidence.
 */

/** A fraction as a percentage with the precision a rate of errors needs: 0.2 %, 3.4 %, 14 %. */
export function errorRateText(fraction: number): string {
  const percent = fraction * 100;
  if (percent === 0) return '0 %';
  if (percent >= 10) return `${Math.round(percent)} %`;
  if (percent >= 1) return `${Number(percent.toFixed(1))} %`;
  return `${Number(percent.toPrecision(1))} %`;
}

/** CPU or memory utilisation, in percent as CloudWatch gives it: 34 %. */
export function utilisationText(percent: number): string {
  return `${Math.round(percent)} %`;
}

/** Seconds as 120 ms or 2.1 s. */
export function latencyText(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  return `${Number(seconds.toFixed(seconds < 10 ? 1 : 0))} s`;
}

/** An average count of targets over a minute: 3, or 2.5 while one was replaced. */
export function targetCountText(count: number): string {
  return String(Number(count.toFixed(1)));
}

/**
 * What a scaling activity did, in words: "scaled from 3 to 6 tasks". Application Auto Scaling
 * names only the count it set, so the count before is the one the activity before it set.
 */
export function scalingChangeText(activity: ScalingActivity, previous: ScalingActivity | null): string {
  const to = activity.desiredCount;
  const from = previous?.desiredCount ?? null;
  if (to === null) return activity.description;
  return from === null ? `scaled to ${to} tasks` : `scaled from ${from} to ${to} tasks`;
}

/** Why it scaled: "because monitor alarm … in state ALARM triggered policy order-service-cpu-70". */
export function scalingCauseText(activity: ScalingActivity): string {
  return activity.cause === '' ? activity.description : `because ${activity.cause}`;
}

/** How long a reason's summary may be, in characters, before it is cut with "…". */
const reasonSummaryLength = 140;

/**
 * CloudWatch's reason for an alarm's state, short enough for a list: without the datapoints it
 * lists in brackets and the "(minimum N datapoints for OK -> ALARM transition)" that follows,
 * "Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (5.0)."
 */
export function alarmReasonSummary(reason: string): string {
  const short = reason
    .replace(/\s*\[[^\]]*\]/g, '')
    .replace(/\s*\(minimum \d+ datapoints? for \w+ -> \w+ transition\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const characters = [...short];
  return characters.length <= reasonSummaryLength
    ? short
    : `${characters
        .slice(0, reasonSummaryLength - 1)
        .join('')
        .trimEnd()}…`;
}
