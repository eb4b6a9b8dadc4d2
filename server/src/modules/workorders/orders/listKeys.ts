/**
 * `portal migrate`'s data step for work orders: the staff list's keys (`stateRank`, `listDueAt`; see the model)
 * of orders an earlier version wrote, or changed after they were filled in. Idempotent: it writes only orders whose
 * keys disagree with their state and deadline, so it may run again once no instance of the older version runs.
 */
import { NO_DEADLINE, STATE_RANK, WorkOrderModel } from './workorder.model';

/** Reads every order once (a deploy step, not a request); returns what it changed, as lines for the log. */
export async function fillListKeys(): Promise<string[]> {
  // The driver's collection: the model's hooks refuse the pipeline update, which is what keeps the keys in step.
  const orders = WorkOrderModel.collection;
  let ranked = 0;
  for (const [state, rank] of Object.entries(STATE_RANK))
    ranked += (await orders.updateMany({ state, stateRank: { $ne: rank } }, { $set: { stateRank: rank } }))
      .modifiedCount;
  const due = { $ifNull: ['$slaDueAt', NO_DEADLINE] };
  const dated = (
    await orders.updateMany({ $expr: { $ne: ['$listDueAt', due] } }, [{ $set: { listDueAt: due } }])
  ).modifiedCount;
  return [`  filled  workOrders: the list's state rank of ${ranked}, its deadline key of ${dated}`];
}
