import type { NewRecord } from './recordBatch';
import type { SeededRandom } from '../seededRandom';

/**
 * The JSON events FlareNet's services write, keyed by the entity they are about (order or
 * user id). Later saga steps refer to orders that were created shortly before, so a tail
 * of the topics reads like one story.
 */

interface OrderLine {
  sku: string;
  quantity: number;
  unitPrice: number;
}

interface Order {
  orderId: string;
  sagaId: string;
  customerId: string;
  items: OrderLine[];
  totalAmount: number;
  currency: string;
}

const catalogue: ReadonlyArray<{ sku: string; price: number }> = [
  { sku: 'FLR-KB-001', price: 89.9 },
  { sku: 'FLR-MS-014', price: 34.5 },
  { sku: 'FLR-HD-220', price: 149 },
  { sku: 'FLR-MN-270', price: 319 },
  { sku: 'FLR-CB-003', price: 12.99 },
  { sku: 'FLR-DK-118', price: 229 },
  { sku: 'FLR-CH-402', price: 449 },
  { sku: 'FLR-LT-009', price: 59.95 },
];
const currencies = ['EUR', 'EUR', 'EUR', 'USD', 'GBP'];
const paymentMethods = ['card', 'card', 'card', 'paypal', 'sepa_debit', 'apple_pay'];
const declineReasons = ['card_declined', 'insufficient_funds', 'expired_card', 'fraud_suspected'];
const laterSteps = [
  'inventory-reserve',
  'payment-process',
  'saga-response:inventory',
  'saga-response:payment',
  'order-completed',
  'inventory-rollback',
  'notification-send',
];
const channels = ['email', 'email', 'push', 'sms'];
const templates = ['order-confirmation', 'payment-receipt', 'shipping-update', 'order-cancelled'];
const userEventTypes = [
  'UserLoggedIn',
  'UserLoggedIn',
  'UserLoggedIn',
  'ProfileUpdated',
  'UserSignedUp',
  'PasswordChanged',
];
const userAgents = [
  'FlareNet-iOS/5.12.0',
  'FlareNet-Android/5.11.3',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/17.5',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36',
];

/** Orders waiting for each later saga step, oldest first; bounded so a stopped step cannot hoard them. */
const waitingLimit = 256;

export class SagaMessageFactory {
  private readonly waiting = new Map<string, Order[]>();

  constructor(private readonly random: SeededRandom) {}

  /** One event for `topic` written by `service` at `now`. */
  next(topic: string, service: string, now: number): NewRecord {
    const at = new Date(now).toISOString();
    const event = this.event(topic, service, at);
    return {
      key: event.key,
      value: JSON.stringify(event.value),
      timestamp: now,
      headers: [
        { key: 'content-type', value: 'application/json' },
        { key: 'x-event-type', value: String(event.value['eventType']) },
        { key: 'x-correlation-id', value: event.correlationId },
        { key: 'x-source-service', value: service },
      ],
    };
  }

  private event(
    topic: string,
    service: string,
    at: string,
  ): { key: string; correlationId: string; value: Record<string, unknown> } {
    const random = this.random;
    switch (topic) {
      case 'order-created': {
        const order = this.newOrder();
        return {
          key: order.orderId,
          correlationId: order.sagaId,
          value: {
            eventType: 'OrderCreated',
            orderId: order.orderId,
            customerId: order.customerId,
            items: order.items,
            totalAmount: order.totalAmount,
            currency: order.currency,
            createdAt: at,
          },
        };
      }
      case 'inventory-reserve': {
        const order = this.orderFor(topic);
        return this.orderEvent(order, {
          eventType: 'ReserveInventory',
          sagaId: order.sagaId,
          items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
          warehouse: random.pick(['fra-1', 'fra-2', 'dub-1']),
          requestedAt: at,
        });
      }
      case 'payment-process': {
        const order = this.orderFor(topic);
        return this.orderEvent(order, {
          eventType: 'ProcessPayment',
          sagaId: order.sagaId,
          paymentId: `pay_${random.alphanumeric(14)}`,
          amount: order.totalAmount,
          currency: order.currency,
          method: random.pick(paymentMethods),
          requestedAt: at,
        });
      }
      case 'saga-response': {
        const step = service === 'payment-service' ? 'payment' : 'inventory';
        const order = this.orderFor(`${topic}:${step}`);
        const failed = random.chance(step === 'payment' ? 0.06 : 0.02);
        return this.orderEvent(order, {
          eventType: failed ? 'SagaStepFailed' : 'SagaStepCompleted',
          sagaId: order.sagaId,
          step,
          status: failed ? 'FAILED' : 'SUCCESS',
          ...(failed ? { reason: step === 'payment' ? random.pick(declineReasons) : 'out_of_stock' } : {}),
          respondedAt: at,
        });
      }
      case 'order-completed': {
        const order = this.orderFor(topic);
        return this.orderEvent(order, {
          eventType: 'OrderCompleted',
          customerId: order.customerId,
          totalAmount: order.totalAmount,
          currency: order.currency,
          completedAt: at,
        });
      }
      case 'inventory-rollback': {
        const order = this.orderFor(topic);
        return this.orderEvent(order, {
          eventType: 'ReleaseInventory',
          sagaId: order.sagaId,
          items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
          reason: random.pick(['payment-declined', 'payment-declined', 'order-cancelled']),
          requestedAt: at,
        });
      }
      case 'notification-send': {
        const order = this.orderFor(topic);
        return this.orderEvent(order, {
          eventType: 'SendNotification',
          notificationId: `ntf_${random.alphanumeric(12)}`,
          customerId: order.customerId,
          channel: random.pick(channels),
          template: random.pick(templates),
          locale: random.pick(['en-GB', 'de-DE', 'fr-FR', 'nl-NL']),
          requestedAt: at,
        });
      }
      case 'user-events': {
        const userId = this.customerId();
        const eventType = random.pick(userEventTypes);
        return {
          key: userId,
          correlationId: random.uuid(),
          value: {
            eventType,
            userId,
            ...(eventType === 'UserLoggedIn'
              ? { sessionId: `sess_${random.alphanumeric(16)}`, userAgent: random.pick(userAgents) }
              : {}),
            ...(eventType === 'ProfileUpdated'
              ? { fields: [random.pick(['email', 'address', 'phone', 'displayName'])] }
              : {}),
            occurredAt: at,
          },
        };
      }
      default: {
        const id = random.uuid();
        return {
          key: id,
          correlationId: id,
          value: { eventType: 'BenchEvent', id, topic, payload: random.alphanumeric(48), occurredAt: at },
        };
      }
    }
  }

  private orderEvent(
    order: Order,
    fields: Record<string, unknown>,
  ): { key: string; correlationId: string; value: Record<string, unknown> } {
    return {
      key: order.orderId,
      correlationId: order.sagaId,
      value: { eventType: fields['eventType'], orderId: order.orderId, ...fields },
    };
  }

  private customerId(): string {
    return `cus_${this.random.int(100_000, 999_999)}`;
  }

  private newOrder(): Order {
    const random = this.random;
    const items = Array.from({ length: random.int(1, 3) }, () => {
      const product = random.pick(catalogue);
      return { sku: product.sku, quantity: random.int(1, 3), unitPrice: product.price };
    });
    const order: Order = {
      orderId: `ord_${random.alphanumeric(12)}`,
      sagaId: random.uuid(),
      customerId: this.customerId(),
      items,
      totalAmount:
        Math.round(items.reduce((sum, item) => sum + item.quantity * item.unitPrice, 0) * 100) / 100,
      currency: random.pick(currencies),
    };
    for (const step of laterSteps) {
      const queue = this.waiting.get(step) ?? [];
      queue.push(order);
      if (queue.length > waitingLimit) queue.shift();
      this.waiting.set(step, queue);
    }
    return order;
  }

  /**
   * The oldest order still waiting for this saga step, so each order goes through each step
   * once; when none is waiting, an order from before the sandbox started.
   */
  private orderFor(step: string): Order {
    const waiting = this.waiting.get(step)?.shift();
    if (waiting) return waiting;
    const older = this.newOrder();
    for (const queue of this.waiting.values()) queue.pop();
    return older;
  }
}
