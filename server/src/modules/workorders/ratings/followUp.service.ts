/**
 * The 回访 desk: the open (or done) tasks with the order, the resident's rating and the conversation about
 * it; and the call's outcome. A reached resident's score at or below FOLLOW_UP_REOPEN_MAX_SCORE reopens the
 * order (timeline entry naming the 回访) and dispatches it again.
 */
import type { CompleteFollowUpBody, FollowUpList, FollowUpTask } from '@portal/types';
import { conversationsAboutOrders } from '../../chat';
import type { AppDeps } from '../../../deps';
import { actorOf, audit } from '../../../platform/audit';
import type { StaffAuth } from '../../../platform/auth/auth';
import { areaFilter } from '../../../platform/auth/areaScope';
import { windowOf } from '../../../platform/db/batches';
import { errors } from '../../../platform/http/errors';
import { WorkOrderModel, type WorkOrder } from '../orders/workorder.model';
import { FollowUpModel, type FollowUpDoc } from './followup.model';
import { reopenForRework } from './rating.service';

type OrderFacts = Pick<WorkOrder, 'orderNo' | 'type' | 'state'> & {
  rating?: { score?: number | null; tags?: string[] | null; comment?: string | null } | null;
};

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : null);

function view(f: FollowUpDoc, order?: OrderFacts, conversation?: FollowUpTask['conversation']): FollowUpTask {
  const r = order?.rating;
  return {
    id: f._id,
    orderNo: f.orderNo,
    accountNo: f.accountNo,
    areaCode: f.areaCode,
    orderType: order?.type ?? null,
    orderState: order?.state ?? null,
    reason: f.reason,
    status: f.status,
    rating:
      typeof r?.score === 'number'
        ? { score: r.score, tags: r.tags ?? [], comment: r.comment ?? null }
        : null,
    score: f.score ?? null,
    conversation: conversation ?? null,
    createdAt: new Date(f.createdAt).toISOString(),
    outcome: f.outcome ?? null,
    followUpScore: f.followUpScore ?? null,
    result: f.result ?? null,
    doneAt: iso(f.doneAt),
    reopened: !!f.reopened,
  };
}

/** Three queries for the page: the tasks, their orders, their conversations. */
async function withContext(tasks: FollowUpDoc[]): Promise<FollowUpTask[]> {
  const orderNos = [...new Set(tasks.map((f) => f.orderNo))];
  const [orders, conversations] = await Promise.all([
    WorkOrderModel.find({ orderNo: { $in: orderNos } }, { orderNo: 1, type: 1, state: 1, rating: 1 }).lean<
      OrderFacts[]
    >(),
    conversationsAboutOrders(orderNos),
  ]);
  const byNo = new Map(orders.map((o) => [o.orderNo, o]));
  return tasks.map((f) => view(f, byNo.get(f.orderNo), conversations.get(f.orderNo)));
}

/** How many 回访 tasks the desk lists, the newest first. */
export const FOLLOW_UPS_LISTED = 200;

export async function listFollowUps(
  auth: StaffAuth,
  status: 'open' | 'done' = 'open',
): Promise<FollowUpList> {
  const { rows, more } = await windowOf<FollowUpDoc>(
    FollowUpModel.find({ status, ...areaFilter(auth, 'workOrders') }).sort({ createdAt: -1 }),
    FOLLOW_UPS_LISTED,
  );
  return { items: await withContext(rows), more };
}

export async function completeFollowUp(
  deps: AppDeps,
  auth: StaffAuth,
  id: string,
  body: CompleteFollowUpBody,
  requestId?: string,
): Promise<FollowUpTask> {
  const now = deps.clock.now();
  const score = body.outcome === 'reached' ? body.score : undefined;
  const low = score !== undefined && score <= deps.config.FOLLOW_UP_REOPEN_MAX_SCORE;
  // Claiming the task first: of two agents saving at once, one records the call and only that one reopens.
  const f = await FollowUpModel.findOneAndUpdate(
    { _id: id, status: 'open', ...areaFilter(auth, 'workOrders') },
    {
      $set: {
        status: 'done',
        outcome: body.outcome,
        ...(score !== undefined ? { followUpScore: score, satisfied: score >= 4 } : {}),
        ...(body.result ? { result: body.result } : {}),
        doneBy: auth.staffId,
        doneAt: now,
      },
    },
    { new: true },
  ).lean<FollowUpDoc>();
  if (!f) throw errors.followUpNotFound();

  let reopened = false;
  if (low) {
    const order = await WorkOrderModel.findOne({ orderNo: f.orderNo }).lean<WorkOrder>();
    // An order already reopened (by the resident's own low rating) is being reworked: not reopened twice.
    if (order && (order.state === 'resolved' || order.state === 'closed')) {
      try {
        await reopenForRework(
          deps,
          order,
          { kind: 'staff', id: auth.staffId, roles: auth.roles, name: auth.username },
          `回访评分 ${score} 分,重新处理${body.result ? `:${body.result}` : ''}`,
        );
      } catch (err) {
        // The order changed under us (409): the call is not recorded, so the agent can save it again.
        await FollowUpModel.updateOne(
          { _id: id, status: 'done', doneAt: now },
          {
            $set: { status: 'open' },
            $unset: { outcome: 1, followUpScore: 1, satisfied: 1, result: 1, doneBy: 1, doneAt: 1 },
          },
        );
        throw err;
      }
      reopened = true;
      await FollowUpModel.updateOne({ _id: id }, { $set: { reopened: true } });
    }
  }
  await audit.record({
    actor: actorOf(auth),
    action: 'followUp.complete',
    target: { kind: 'followUp', id },
    after: { outcome: body.outcome, followUpScore: score ?? null, reopened },
    requestId,
    at: now,
  });
  const [task] = await withContext([{ ...f, reopened }]);
  return task!;
}
