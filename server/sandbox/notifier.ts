/**
 * Sends payment and refund notifications to the merchant's notify_url: signed by the platform
 * (certificate or public key), resource encrypted under the APIv3 key, retried on WeChat's schedule
 * until the merchant answers 200/204, with the injected notification faults applied.
 */
import { rfc3339 } from '@portal/types/src/time';
import {
  encryptResource,
  forgedKey,
  notificationSigningKey,
  signedHeaders,
  type SigningKey,
} from './payCrypto';
import type { NotificationRecord, SandboxState } from './state';

/** Seconds between attempts after the first (WeChat: 15 retries over about 24 h). */
export const RETRY_SCHEDULE_SECONDS = [
  15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600,
];
const TIMEOUT_MS = 5000;

/** RFC 3339 in China time, as WeChat Pay writes times: 2026-11-24T10:34:56+08:00. */
export { rfc3339 };

type Outgoing = { record: NotificationRecord; key: SigningKey; duplicate: boolean };

export class Notifier {
  private timers = new Set<NodeJS.Timeout>();
  private active = 0;
  private held: Outgoing[] = [];
  private waiters: Array<() => void> = [];
  private stopped = false;

  constructor(private state: SandboxState) {}

  send(event: {
    eventType: NotificationRecord['eventType'];
    url: string;
    outTradeNo: string;
    summary: string;
    originalType: 'transaction' | 'refund';
    resource: Record<string, unknown>;
  }): NotificationRecord {
    const faults = this.state.faults;
    const opts = this.state.options;
    const applied: string[] = [];
    const resource = structuredClone(event.resource);
    if (faults.takeNotify('tamperAmount')) {
      const amount = resource.amount as { total: number; payer_total?: number };
      amount.total += 100;
      if (amount.payer_total !== undefined) amount.payer_total += 100;
      applied.push('tamperAmount');
    }
    const id = crypto.randomUUID();
    const body = JSON.stringify({
      id,
      create_time: rfc3339(opts.now()),
      resource_type: 'encrypt-resource',
      event_type: event.eventType,
      summary: event.summary,
      resource: {
        original_type: event.originalType,
        ...encryptResource(opts.keys.apiV3Key, JSON.stringify(resource), event.originalType),
      },
    });
    let key = notificationSigningKey(this.state);
    if (faults.takeNotify('badSignature')) {
      key = forgedKey(key.serial);
      applied.push('badSignature');
    }
    const record: NotificationRecord = {
      id,
      eventType: event.eventType,
      url: event.url,
      outTradeNo: event.outTradeNo,
      serial: key.serial,
      body,
      resource,
      faults: applied,
      attempts: [],
      state: 'pending',
    };
    this.state.notifications.push(record);
    if (faults.takeNotify('drop')) {
      record.faults.push('drop');
      record.state = 'dropped';
      return record;
    }
    const duplicate = faults.takeNotify('duplicate');
    if (duplicate) record.faults.push('duplicate');
    const out: Outgoing = { record, key, duplicate };
    if (faults.takeNotify('outOfOrder')) {
      record.faults.push('outOfOrder');
      record.state = 'held';
      this.held.push(out);
      return record;
    }
    this.start(out);
    // Held notifications go out after a later one, newest first: the merchant sees them out of order.
    if (!faults.hasNotify('outOfOrder')) this.releaseHeld();
    return record;
  }

  /** Sends every held notification, newest first. */
  releaseHeld(): void {
    const held = this.held.reverse();
    this.held = [];
    for (const h of held) {
      h.record.state = 'pending';
      this.start(h);
    }
  }

  /** Resolves when nothing is being delivered or waiting for a retry (held ones excluded). */
  idle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.settle(true);
  }

  private start(out: Outgoing): void {
    this.active += 1;
    void (async () => {
      try {
        await this.deliver(out);
        if (out.duplicate) await this.deliver(out, true);
      } finally {
        this.active -= 1;
        this.settle();
      }
    })();
  }

  /** First attempt, then retries on WeChat's schedule until 200/204 (a duplicate is sent once). */
  private async deliver(out: Outgoing, once = false): Promise<void> {
    for (let n = 0; !this.stopped; n++) {
      if (await this.attempt(out)) {
        out.record.state = 'delivered';
        return;
      }
      if (once) return;
      if (n >= RETRY_SCHEDULE_SECONDS.length) {
        out.record.state = 'gaveUp';
        return;
      }
      const delay = RETRY_SCHEDULE_SECONDS[n] * 1000 * this.state.options.notifyRetryScale;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.timers.delete(t);
          resolve();
        }, delay);
        this.timers.add(t);
      });
    }
  }

  private async attempt(out: Outgoing): Promise<boolean> {
    const { record, key } = out;
    const at = new Date().toISOString();
    try {
      const res = await fetch(record.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Mozilla/4.0',
          ...signedHeaders(key, record.body, Math.floor(this.state.options.now().getTime() / 1000)),
        },
        body: record.body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      record.attempts.push({ at, status: res.status });
      return res.status === 200 || res.status === 204;
    } catch (e) {
      record.attempts.push({ at, error: (e as Error).message });
      return false;
    }
  }

  private settle(force = false): void {
    if (force || this.active === 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const r of w) r();
    }
  }
}
