import type { ReactNode } from 'react';
import { prerender } from 'react-dom/static';
import { describe, expect, it } from 'vitest';
import type { AlarmStateChange } from '../../../shared/metrics/metricsModel';
import { AlarmHistoryList } from './ServiceAlarmHistory';

/** Draws the list to HTML as the page first shows it. */
async function draw(node: ReactNode): Promise<string> {
  const { prelude } = await prerender(node);
  return new Response(prelude).text();
}

const minute = 60_000;
const firedAt = Date.UTC(2025, 5, 2, 9, 5);
const fired =
  'Threshold Crossed: 2 out of the last 3 datapoints [523.0 (02/06/25 09:05:00), 498.0 (02/06/25 09:04:00)] were greater than the threshold (50.0) (minimum 2 datapoints for OK -> ALARM transition).';

function change(overrides: Partial<AlarmStateChange>): AlarmStateChange {
  return {
    environment: 'production',
    alarmName: 'api-gateway-5xx',
    from: 'OK',
    to: 'ALARM',
    at: firedAt,
    summary: 'Alarm updated from OK to ALARM',
    reason: fired,
    serviceKeys: ['production|flarenet-production|api-gateway'],
    ...overrides,
  };
}

/** Each entry's alarm, from and to, in the order listed. */
function entries(html: string): string[] {
  return [
    ...html.matchAll(
      /data-testid="alarm-history-entry" data-alarm="([^"]+)" data-from="(\w+)" data-to="(\w+)"/g,
    ),
  ].map((match) => `${match[1]} ${match[2]}→${match[3]}`);
}

describe('the alarm history in a service’s details', () => {
  it('lists the changes newest first, each with its time, alarm, states and short reason; the whole reason opens from the keyboard', async () => {
    const html = await draw(
      <AlarmHistoryList
        pending={false}
        changes={[
          change({}),
          change({
            from: 'ALARM',
            to: 'OK',
            at: firedAt + 6 * minute,
            reason:
              'Threshold Crossed: 1 datapoint [0.0 (02/06/25 09:11:00)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).',
          }),
          change({
            alarmName: 'api-gateway-cpu-high',
            from: null,
            to: 'INSUFFICIENT_DATA',
            at: firedAt - 30 * minute,
            reason: 'Insufficient Data: 3 datapoints were unknown.',
          }),
        ]}
      />,
    );
    expect(entries(html)).toEqual([
      'api-gateway-5xx ALARM→OK',
      'api-gateway-5xx OK→ALARM',
      'api-gateway-cpu-high unknown→INSUFFICIENT_DATA',
    ]);
    expect(html).toContain(`dateTime="${new Date(firedAt).toISOString()}"`);
    expect(html).toContain('<span class="alarm-state alarm-state-ok">OK</span>');
    expect(html).toContain('<span class="alarm-state alarm-state-alarm">ALARM</span>');
    // A native disclosure: focusable and opened with Enter or Space, no script of its own.
    expect(html).toContain(
      '<details class="alarm-reason"><summary class="muted small">Threshold Crossed: 2 out of the last 3 datapoints were greater than the threshold (50.0).</summary>',
    );
    expect(html).toContain(`<p class="small">${fired.replace('>', '&gt;')}</p>`);
    // A reason already short is shown as it is, with nothing to open.
    expect(html).toContain('<div class="muted small">Insufficient Data: 3 datapoints were unknown.</div>');
    expect(html).toContain('<span class="muted">unknown</span>');
  });

  it('lists the newest eight and counts the rest, and says when a record gives no reason', async () => {
    const changes = Array.from({ length: 11 }, (_, index) =>
      change({ at: firedAt + index * minute, to: index % 2 === 0 ? 'ALARM' : 'OK', reason: '' }),
    );
    const html = await draw(<AlarmHistoryList pending={false} changes={changes} />);
    expect(entries(html)).toHaveLength(8);
    expect(html).toContain(`dateTime="${new Date(firedAt + 10 * minute).toISOString()}"`);
    expect(html).not.toContain(`dateTime="${new Date(firedAt + 2 * minute).toISOString()}"`);
    expect(html).toContain(
      'and <!-- -->3<!-- --> earlier <!-- -->changes<!-- --> in the last day, in the timeline',
    );
    expect(html).toContain('No reason recorded.');
  });

  it('says it is reading, that nothing is known, or that nothing changed, rather than an empty list', async () => {
    expect(await draw(<AlarmHistoryList pending changes={null} />)).toContain('Reading the alarm history…');
    expect(await draw(<AlarmHistoryList pending={false} changes={null} />)).toContain(
      'No alarm history known.',
    );
    expect(await draw(<AlarmHistoryList pending={false} changes={[]} />)).toContain(
      'No alarm of this service changed state in the last day.',
    );
  });
});
