/**
 * Which completed orders get a 回访 task: a share per order type (FOLLOW_UP_SAMPLE_RATES, the seeds'
 * "自定义不同作业类型的回访比例"), decided by a hash of the order number so the same order is always in
 * or out of the sample, whoever completes it and however often the decision is replayed.
 */
import { createHash } from 'node:crypto';
import type { Config } from '@portal/config';
import { onWorkOrderTransition } from '../orders/engine';
import type { WorkOrder } from '../orders/workorder.model';
import { FollowUpModel } from './followup.model';

/** Deterministic per order: the first two bytes of sha256(orderNo) mod 100, below the percent. */
export function inSample(orderNo: string, percent: number): boolean {
  const h = createHash('sha256').update(orderNo).digest().readUInt16BE(0) % 100;
  return h < percent;
}

/** The configured share (percent) of an order type's completed orders that get a 回访 call. */
export function sampleRate(
  config: Pick<Config, 'FOLLOW_UP_SAMPLE_RATES' | 'FOLLOW_UP_SAMPLE_PERCENT'>,
  type: string,
): number {
  for (const pair of config.FOLLOW_UP_SAMPLE_RATES.split(',')) {
    const [t, pct] = pair.split(':').map((x) => x.trim());
    if (t === type) return Math.min(100, Number(pct));
  }
  return config.FOLLOW_UP_SAMPLE_PERCENT;
}

/** One task per cause and round: a repeated call (or a replayed hook) finds the task it made. */
export async function openFollowUp(
  order: Pick<WorkOrder, 'orderNo' | 'accountNo' | 'areaCode' | 'reopenCount'>,
  reason: 'lowRating' | 'sample',
  score?: number,
): Promise<void> {
  await FollowUpModel.updateOne(
    { _id: `${order.orderNo}:${reason}:${order.reopenCount ?? 0}` },
    {
      $setOnInsert: {
        orderNo: order.orderNo,
        accountNo: order.accountNo,
        areaCode: order.areaCode,
        reason,
        ...(score !== undefined ? { score } : {}),
        status: 'open',
      },
    },
    { upsert: true },
  );
}

// An order's completion (完工/办结) decides whether it is sampled for a 回访 call.
onWorkOrderTransition(async ({ order, to, deps }) => {
  if (to !== 'completed' || order.state !== 'resolved') return;
  if (inSample(order.orderNo, sampleRate(deps.config, order.type))) await openFollowUp(order, 'sample');
});
