/**
 * How any feature notifies a resident: write a 'message.send' outbox entry in the same step as the
 * state change that causes it, with a dedupe key derived from that cause.
 *
 *   await enqueueMessage({ userId, event: 'paymentReceipt', data: { amountFen, paidAt, accountNo } },
 *     `payment:${outTradeNo}:receipt`);
 *
 * The 'message.send' worker picks the channel (subscribe message if the resident has a grant left,
 * else the official-account template message, else SMS) and records the outcome per message.
 */
import type { ClientSession } from 'mongoose';
import { MessageSendPayload } from '@portal/types';
import { enqueue, enqueueMany } from '../../platform/outbox/outbox';

export const MESSAGE_SEND = 'message.send';

export type EnqueueMessageOptions = {
  /** When to send (default now): reminders, scheduled notices. */
  runAt?: Date;
  /** Fan-out group (a notice push): its progress is reported and it can be cancelled together. */
  group?: string;
  /** Several causes share the dedupe key and the lowest rank speaks for them (see EnqueueInput.rank). */
  rank?: number;
  session?: ClientSession;
};

/** Returns true when the entry is new (false: this cause was already enqueued). */
export async function enqueueMessage(
  payload: MessageSendPayload,
  dedupeKey: string,
  opts: EnqueueMessageOptions = {},
): Promise<boolean> {
  const parsed = MessageSendPayload.parse(payload);
  return enqueue(
    {
      kind: MESSAGE_SEND,
      dedupeKey,
      payload: parsed,
      runAt: opts.runAt,
      group: opts.group,
      rank: opts.rank,
      maxAttempts: 12,
    },
    { session: opts.session },
  );
}

/** Many messages at once (fan-out); returns how many were new. Payloads are trusted (built by the caller). */
export async function enqueueMessages(
  items: { payload: MessageSendPayload; dedupeKey: string }[],
  opts: Omit<EnqueueMessageOptions, 'session'> = {},
): Promise<number> {
  return enqueueMany(
    items.map((i) => ({
      kind: MESSAGE_SEND,
      dedupeKey: i.dedupeKey,
      payload: i.payload,
      runAt: opts.runAt,
      group: opts.group,
      maxAttempts: 12,
    })),
  );
}
