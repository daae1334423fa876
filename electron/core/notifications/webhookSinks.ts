import { deepLinkFor } from '../../../shared/desktop/deepLink';
import { maskEnvironmentValue, secretMask } from '../../../shared/actions/secretMasking';
import { notificationRuleNames, type Notification } from '../../../shared/notifications/notificationModel';
import type { Delivery } from './notifier';

/**
 * Webhook sinks: a Slack incoming webhook (`{ text, blocks }`) or a generic JSON POST. The URL
 * is read from the secret store at each delivery (an incoming webhook's URL is its credential)
 * and never leaves this module: an error says which sink failed and why, with the URL masked.
 *
 * A delivery is tried `retryDelaysMs.length + 1` times while the answer may change (no
 * answer, 429, a 5xx); a 4xx other than 429 is not retried, the same request would be
 * refused again. What still fails is reported through `onFailure`, which the console turns
 * into an inbox entry of its own.
 */

export type WebhookFormat = 'slack' | 'json';

export interface WebhookSinkOptions {
  name: string;
  format: WebhookFormat;
  /** The URL from the secret store; null when the secret is not there. */
  url: () => Promise<string | null>;
  onFailure: (sinkName: string, message: string) => void;
  /** Waits between attempts; default 2 s then 10 s. */
  retryDelaysMs?: readonly number[];
  /** Waits `ms`; tests pass one that does not. */
  delay?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

export class WebhookSink {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: WebhookSinkOptions) {}

  get name(): string {
    return this.options.name;
  }

  /** Sends in order (a resolution after its notification); resolves once this one was sent or given up. */
  send(delivery: Delivery): Promise<void> {
    const sent = this.queue.then(() => this.attempt(delivery));
    this.queue = sent;
    return sent;
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const body = JSON.stringify(
      this.options.format === 'slack' ? slackMessage(delivery) : genericMessage(delivery),
    );
    const delays = this.options.retryDelaysMs ?? [2_000, 10_000];
    const wait = this.options.delay ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
    let url: string | null = null;
    let lastProblem = '';
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await wait(delays[attempt - 1]!);
      try {
        url ??= await this.options.url();
        if (url === null) {
          lastProblem = 'its URL is not in the secret store';
          break;
        }
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          redirect: 'error',
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
        // The answer's body is not read into the message: a server may echo the request back.
        await response.body?.cancel();
        if (response.ok) return;
        lastProblem = `it answered HTTP ${response.status}`;
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        lastProblem = describeFailure(error);
      }
    }
    const tries = delays.length + 1;
    this.options.onFailure(
      this.options.name,
      maskUrl(
        `Webhook ${this.options.name} did not take "${delivery.notification.title}"${delivery.type === 'resolved' ? ' (resolved)' : ''}: ${lastProblem}${lastProblem.startsWith('its URL') ? '' : ` (tried up to ${tries} times)`}.`,
        url,
      ),
    );
  }
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'it did not answer in time';
  // fetch's own message ("fetch failed") says little; the cause says what (refused, not found).
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause ? `${error.message}: ${cause}` : error.message;
}

/** Hides the URL, and its path and query on their own (where an incoming webhook keeps its key), from a text. */
function maskUrl(text: string, url: string | null): string {
  let masked = text;
  if (url) {
    masked = masked.split(url).join(secretMask);
    try {
      const parsed = new URL(url);
      const secretParts = [parsed.pathname + parsed.search, parsed.username, parsed.password];
      for (const part of secretParts) if (part.length > 1) masked = masked.split(part).join(secretMask);
    } catch {
      // Not a URL at all: only its whole text was there to hide.
    }
  }
  return maskEnvironmentValue('message', masked).text;
}

function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const severityWords: Record<Notification['severity'], string> = {
  error: ':red_circle: ERROR',
  warning: ':large_orange_circle: WARNING',
  info: ':large_blue_circle: INFO',
};

function headline(delivery: Delivery): { title: string; body: string; label: string } {
  const { notification } = delivery;
  const resolution = delivery.type === 'resolved' ? notification.resolution : null;
  return resolution
    ? { title: resolution.title, body: resolution.body, label: ':large_green_circle: RESOLVED' }
    : { title: notification.title, body: notification.body, label: severityWords[notification.severity] };
}

/** Slack's incoming-webhook message: `text` for the notification itself, `blocks` for the channel. */
export function slackMessage(delivery: Delivery): { text: string; blocks: unknown[] } {
  const { notification } = delivery;
  const { title, body, label } = headline(delivery);
  const where = [
    notificationRuleNames[notification.rule],
    notification.subject.environment,
    notification.link ? `<${deepLinkFor(notification.link)}|open in the console>` : null,
  ].filter((part): part is string => part !== null);
  return {
    text: `${delivery.type === 'resolved' ? 'RESOLVED' : notification.severity.toUpperCase()}: ${title}`,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${label} *${escapeSlack(title)}*${body ? `\n${escapeSlack(body)}` : ''}`,
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: where.join(' · ') }] },
    ],
  };
}

/** The generic sink's body: the notification as the console holds it, with its link. */
export function genericMessage(delivery: Delivery): {
  type: Delivery['type'];
  notification: Notification;
  link: string | null;
} {
  const { notification } = delivery;
  return {
    type: delivery.type,
    notification,
    link: notification.link ? deepLinkFor(notification.link) : null,
  };
}
