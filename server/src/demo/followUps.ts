/**
 * The demo's 回访 tasks: the completed orders the live sampling would have picked (`inSample`, at the configured
 * share per order type), called by the demo agent within a day or two of completion; the last two days' still
 * wait on the desk, and so do the five completed last whatever the day (which orders are sampled turns on their
 * numbers, which carry the day they were filed, so the last two days may have none).
 */
import type { AppDeps } from '../deps';
import { StaffModel } from '../modules/accounts/staff.model';
import { FollowUpModel } from '../modules/workorders/ratings/followup.model';
import { inSample, sampleRate } from '../modules/workorders/ratings/sampling';

const HOUR = 3_600_000;
/** Completed this recently, the call is still to make. */
const STILL_OPEN_MS = 48 * HOUR;
/** The calls of this many orders completed last are still to make. */
const LAST_OPEN = 5;

export async function seedFollowUps(
  deps: AppDeps,
  orders: { orderNo: string; accountNo: string; areaCode: string; type: string; resolvedAt?: Date }[],
  rand: () => number,
): Promise<void> {
  const agent = await StaffModel.findOne({ username: 'agent' }, { _id: 1 }).lean();
  const now = deps.clock.now().getTime();
  const tasks = orders
    .filter((o) => o.resolvedAt && inSample(o.orderNo, sampleRate(deps.config, o.type)))
    .sort((a, b) => b.resolvedAt!.getTime() - a.resolvedAt!.getTime())
    .map((o, i) => {
      const at = o.resolvedAt!;
      const task = {
        _id: `${o.orderNo}:sample:0`,
        orderNo: o.orderNo,
        accountNo: o.accountNo,
        areaCode: o.areaCode,
        reason: 'sample',
        createdAt: at,
        updatedAt: at,
      };
      const doneAt = new Date(at.getTime() + (2 + Math.floor(rand() * 28)) * HOUR);
      if (i < LAST_OPEN || now - at.getTime() < STILL_OPEN_MS || doneAt.getTime() > now)
        return { ...task, status: 'open' };
      const r = rand();
      const outcome = r < 0.8 ? 'reached' : r < 0.95 ? 'notReached' : 'refused';
      const score = outcome === 'reached' ? (rand() < 0.9 ? 4 + Math.round(rand()) : 3) : undefined;
      return {
        ...task,
        status: 'done',
        outcome,
        ...(score !== undefined
          ? {
              followUpScore: score,
              satisfied: score >= 4,
              result: score >= 4 ? '住户表示满意' : '住户认为上门偏慢',
            }
          : {}),
        reopened: false,
        ...(agent ? { doneBy: String(agent._id) } : {}),
        doneAt,
        updatedAt: doneAt,
      };
    });
  if (!tasks.length) return;
  await FollowUpModel.insertMany(tasks, { ordered: false }).catch((e: { code?: number }) => {
    if (e.code !== 11000) throw e;
  });
}
