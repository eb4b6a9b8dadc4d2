/**
 * What both approval desks (开户/过户/销户 and 报停/复供) list, with what each row needs beside it: the queue, the
 * applications whose order is still open and not yet decided, oldest first; or every application, newest first.
 * The queue reads the open orders filed for approval: a withdrawn or turned-down application's order is cancelled,
 * so however many accumulate they never fill the window (they did when the queue was "no decision yet"). Every
 * application newest first: oldest first, a utility's first QUEUE_WINDOW applications hid every later one.
 * Four round trips whatever the window holds, five for the queue. `more` says the window did not hold them all.
 */
import type { Model } from 'mongoose';
import type { StaffAuth } from '../../platform/auth/auth';
import { areaFilter } from '../../platform/auth/areaScope';
import { windowOf } from '../../platform/db/batches';
import { findAccounts } from '../accounts';
import { arrearsByAccount } from '../billing';
import { openOrderNosVia, orderSummaries } from '../workorders';

/** How many applications a queue, or the list of every application, shows. */
export const QUEUE_WINDOW = 200;

export async function applicationWindow<A extends { orderNo: string; accountNo: string }>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  approvalVia: 'accountChanges' | 'supplyChanges',
  auth: StaffAuth,
  pending: boolean,
) {
  const scope = areaFilter(auth, 'workOrders');
  const { rows, more } = await windowOf<A>(
    model
      .find(
        pending
          ? { orderNo: { $in: await openOrderNosVia(approvalVia, scope) }, 'decision.at': { $exists: false } }
          : scope,
      )
      .sort({ appliedForAt: pending ? 1 : -1 }),
    QUEUE_WINDOW,
  );
  const accountNos = [...new Set(rows.map((r) => r.accountNo))];
  const [orders, accounts, arrears] = await Promise.all([
    orderSummaries(rows.map((r) => r.orderNo)),
    findAccounts(accountNos),
    arrearsByAccount(accountNos),
  ]);
  return {
    rows,
    more,
    orderByNo: new Map(orders.map((o) => [o.orderNo, o])),
    accountByNo: new Map(accounts.map((a) => [a.accountNo, a])),
    arrears,
  };
}
