/**
 * Prometheus metrics (prom-client): one registry per process, scraped at /metrics (METRICS_PORT off the
 * public port, or METRICS_TOKEN on it: http/metricsRoutes.ts). Counters are incremented where the thing
 * happens; gauges that are facts of the shared database (outbox depth, chat queue) are read at scrape time,
 * so every instance reports the same figure and a dashboard takes max(), not sum().
 * deploy/grafana-dashboard.json and deploy/prometheus-alerts.yml read these names.
 */
import client from 'prom-client';
import { OutboxModel } from './outbox/outbox.model';

export const metricsRegistry = new client.Registry();
client.collectDefaultMetrics({ register: metricsRegistry, prefix: 'portal_' });

const registers = [metricsRegistry];

export const httpRequestDuration = new client.Histogram({
  name: 'portal_http_request_duration_seconds',
  help: 'HTTP requests by operationId (static files and unknown paths: "none"), method and status',
  labelNames: ['operation_id', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers,
});

export const messagesSent = new client.Counter({
  name: 'portal_messages_sent_total',
  help: 'Messages handed to a channel (subscribe, template, sms...) by event',
  labelNames: ['channel', 'event'] as const,
  registers,
});

export const wechatErrors = new client.Counter({
  name: 'portal_wechat_errors_total',
  help: 'WeChat API errors by API and errcode (-1: network, timeout or HTTP error)',
  labelNames: ['api', 'errcode'] as const,
  registers,
});

export const paymentAnomalies = new client.Counter({
  name: 'portal_payment_anomalies_total',
  help: 'Payments flagged as anomalies (double_payment: money for bills already paid)',
  labelNames: ['kind'] as const,
  registers,
});

export const reconciliations = new client.Counter({
  name: 'portal_payment_reconciliations_total',
  help: 'Payments the reconciliation job looked at, by outcome (settled, closed, unchanged, error)',
  labelNames: ['result'] as const,
  registers,
});

export const payNotifyRejected = new client.Counter({
  name: 'portal_payment_notifications_rejected_total',
  help: 'WeChat Pay notifications refused (signature, timestamp, decryption, unknown order, mismatch)',
  labelNames: ['reason'] as const,
  registers,
});

export const chatSockets = new client.Gauge({
  name: 'portal_chat_open_sockets',
  help: 'Chat WebSockets open on this instance',
  registers,
});

export const slaBreaches = new client.Counter({
  name: 'portal_sla_breaches_total',
  help: 'SLA clocks that ran out, by policy key and what followed (escalate, reassign)',
  labelNames: ['policy', 'on_breach'] as const,
  registers,
});

export const outboxFailures = new client.Counter({
  name: 'portal_outbox_failed_total',
  help: 'Outbox entries that stopped failed (permanent error or attempts used up), by kind',
  labelNames: ['kind'] as const,
  registers,
});

/** Sources of gauges read at scrape time, registered by the feature that owns the data (name → reader). */
const sampled = new Map<string, () => Promise<number>>();
export function sampleGauge(name: string, read: () => Promise<number>): void {
  sampled.set(name, read);
}

export const chatQueueLength = new client.Gauge({
  name: 'portal_chat_queue_length',
  help: 'Chat sessions waiting for an agent (shared database: the same on every instance)',
  registers,
  async collect() {
    const read = sampled.get('chatQueue');
    if (read) this.set(await read().catch(() => NaN));
  },
});

/**
 * One outbox query per scrape, shared by the depth and age gauges: prom-client starts every collect of a
 * scrape in the same tick, so the second finds the first one's query in flight.
 */
let outboxSample: Promise<{ _id: string; n: number; oldest: Date }[]> | undefined;
function sampleOutbox() {
  return (outboxSample ??= OutboxModel.aggregate<{ _id: string; n: number; oldest: Date }>([
    { $match: { status: { $in: ['pending', 'running'] }, repeatEveryMs: { $exists: false } } },
    { $group: { _id: '$kind', n: { $sum: 1 }, oldest: { $min: '$createdAt' } } },
  ])
    .catch(() => [])
    .finally(() => (outboxSample = undefined)));
}

new client.Gauge({
  name: 'portal_outbox_depth',
  help: 'Outbox entries not yet done (pending or running, scheduled jobs excluded) by kind',
  labelNames: ['kind'] as const,
  registers,
  async collect() {
    const rows = await sampleOutbox();
    this.reset();
    for (const r of rows) this.set({ kind: r._id }, r.n);
  },
});

new client.Gauge({
  name: 'portal_outbox_oldest_age_seconds',
  help: 'Age of the oldest outbox entry not yet done, by kind',
  labelNames: ['kind'] as const,
  registers,
  async collect() {
    const rows = await sampleOutbox();
    this.reset();
    for (const r of rows)
      this.set({ kind: r._id }, Math.max(0, (Date.now() - new Date(r.oldest).getTime()) / 1000));
  },
});

export const metricsText = () => metricsRegistry.metrics();
export const metricsContentType = metricsRegistry.contentType;
