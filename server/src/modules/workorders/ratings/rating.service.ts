/** Ratings (1–5 + tags + comment) and the 回访 tasks they cause; a low rating also reopens the order. */
import { createHash } from 'node:crypto';
import type * as T from '@portal/types';
import type { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { Auth, StaffAuth } from '../../../platform/auth/auth';
import { areaFilter } from '../../../platform/auth/areaScope';
import { errors } from '../../../platform/http/errors';
import { nodeConfig } from '../config/configs';
import { decideDispatch } from '../dispatch/dispatch.service';
import { transition } from '../orders/engine';
import { FollowUpModel } from './followup.model';
import { residentView } from '../orders/views';
import { WorkOrderModel, type WorkOrder } from '../orders/workorder.model';
import { findAccessibleOrder } from '../orders/workorder.service';

export const LOW_RATING = 2;

/** Deterministic per order, so the same order is always in or out of the sample. */
export function inSample(orderNo: string, percent: number): boolean {
  const h = createHash('sha256').update(orderNo).digest().readUInt16BE(0) % 100;
  return h < percent;
}

export async function rate(deps: AppDeps, auth: Auth, orderNo: string, body: z.infer<typeof T.RateBody>) {
  if (auth.kind !== 'resident') throw errors.forbidden();
  const order = await findAccessibleOrder(auth, orderNo);
  if (order.state !== 'resolved' || order.rating?.score) throw errors.notRateable();
  const { nodes } = await nodeConfig(order.type);
  const now = deps.clock.now();
  const low = body.score <= LOW_RATING;
  const to = nodes.some((n) => n.key === 'rated') ? 'rated' : order.status;
  const rated = await WorkOrderModel.findOneAndUpdate(
    { orderNo, seq: order.seq, state: 'resolved', 'rating.score': { $exists: false } },
    {
      $set: { rating: { ...body, at: now }, status: to, ...(low ? {} : { state: 'closed', closedAt: now }) },
      $inc: { seq: 1 },
      $push: {
        history: {
          at: now,
          action: 'rate',
          from: order.status,
          to,
          by: { kind: 'resident', id: auth.userId },
          note: `${body.score} 分`,
        },
      },
    },
    { new: true },
  ).lean<WorkOrder>();
  if (!rated) throw errors.notRateable();

  const round = rated.reopenCount ?? 0;
  const task = (reason: 'lowRating' | 'sample') =>
    FollowUpModel.updateOne(
      { _id: `${orderNo}:${reason}:${round}` },
      {
        $setOnInsert: {
          orderNo,
          accountNo: rated.accountNo,
          areaCode: rated.areaCode,
          reason,
          score: body.score,
          status: 'open',
        },
      },
      { upsert: true },
    );
  if (low) {
    await task('lowRating');
    let reopened = await transition(
      deps,
      rated,
      { kind: 'system', name: '差评回访' },
      { action: 'reopen', note: `评价 ${body.score} 分,重新处理` },
    );
    const d = await decideDispatch({ ...reopened, location: reopened.location, now: deps.clock.now() });
    if (d.technician) {
      reopened = await transition(
        deps,
        reopened,
        { kind: 'system', name: '自动派单' },
        { action: 'dispatch', assigneeId: d.technician.id },
      );
    }
    return residentView(reopened, nodes);
  }
  if (inSample(orderNo, deps.config.FOLLOW_UP_SAMPLE_PERCENT)) await task('sample');
  return residentView(rated, nodes);
}

type FollowUpDoc = {
  _id: string;
  orderNo: string;
  reason: 'lowRating' | 'sample' | 'complaint';
  status: 'open' | 'done';
  score?: number | null;
  createdAt: Date;
  result?: string | null;
};
const view = (f: FollowUpDoc) => ({
  id: f._id,
  orderNo: f.orderNo,
  reason: f.reason,
  status: f.status,
  score: f.score ?? null,
  createdAt: f.createdAt.toISOString(),
  result: f.result ?? null,
});

export async function listFollowUps(auth: StaffAuth, status: 'open' | 'done' = 'open') {
  const rows = await FollowUpModel.find({ status, ...areaFilter(auth, 'workOrders') })
    .sort({ createdAt: -1 })
    .limit(200)
    .lean<FollowUpDoc[]>();
  return rows.map(view);
}

export async function completeFollowUp(
  deps: AppDeps,
  auth: StaffAuth,
  id: string,
  body: z.infer<typeof T.CompleteFollowUpBody>,
) {
  const f = await FollowUpModel.findOneAndUpdate(
    { _id: id, status: 'open', ...areaFilter(auth, 'workOrders') },
    {
      $set: {
        status: 'done',
        result: body.result,
        satisfied: body.satisfied,
        doneBy: auth.staffId,
        doneAt: deps.clock.now(),
      },
    },
    { new: true },
  ).lean<FollowUpDoc>();
  if (!f) throw errors.followUpNotFound();
  return view(f);
}
