/** Ratings (1–5 + tags + comment) and the 回访 task a low rating causes; a low rating also reopens the order. */
import type * as T from '@portal/types';
import type { z } from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { Auth } from '../../../platform/auth/auth';
import { errors } from '../../../platform/http/errors';
import { nodeConfig } from '../config/configs';
import { decideDispatch } from '../dispatch/dispatch.service';
import { transition, type Actor } from '../orders/engine';
import { openFollowUp } from './sampling';
import { residentView } from '../orders/views';
import { WorkOrderModel, type WorkOrder } from '../orders/workorder.model';
import { findAccessibleOrder } from '../orders/workorder.service';

export const LOW_RATING = 2;

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

  if (low) {
    await openFollowUp(rated, 'lowRating', body.score);
    const reopened = await reopenForRework(
      deps,
      rated,
      { kind: 'system', name: '差评回访' },
      `评价 ${body.score} 分,重新处理`,
    );
    return residentView(reopened, nodes);
  }
  return residentView(rated, nodes);
}

/** Reopens a finished order (a timeline entry with the reason) and dispatches it again when a technician fits. */
export async function reopenForRework(
  deps: AppDeps,
  order: WorkOrder,
  actor: Actor,
  note: string,
): Promise<WorkOrder> {
  const reopened = await transition(deps, order, actor, { action: 'reopen', note });
  const d = await decideDispatch({ ...reopened, location: reopened.location, now: deps.clock.now() });
  if (!d.technician) return reopened;
  try {
    return await transition(
      deps,
      reopened,
      { kind: 'system', name: '自动派单' },
      { action: 'dispatch', assigneeId: d.technician.id },
    );
  } catch (err) {
    // Reopened all the same: it waits in the dispatcher's queue (the reopen put it there).
    deps.logger.warn({ err, orderNo: order.orderNo }, 'reopened order not dispatched automatically');
    return reopened;
  }
}
