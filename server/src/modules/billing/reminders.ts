/**
 * Bill reminders (scheduled job): N days before the due date and once overdue, every resident bound
 * to the account gets one reminder per bill per stage. The outbox dedupe key
 * `reminder:<stage>:<billId>:<userId>` makes that "one" hold across runs, crashes and instances;
 * `remindedStages` only keeps later runs from re-reading bills already handled.
 */
import { pageLink, type MessageSendPayload } from '@portal/types';
import type { AppDeps } from '../../deps';
import { bindingsOf } from '../accounts';
import { enqueueMessages } from '../messaging';
import { BillModel, type BillDoc } from './bill.model';

export const REMINDER_JOB = 'billing.reminders';
type Stage = 'due' | 'overdue';

export async function runBillReminders(
  deps: AppDeps,
  opts: { batch?: number } = {},
): Promise<{ overdue: number; reminders: number }> {
  const now = deps.clock.now();
  const batch = opts.batch ?? 500;
  // Bills past their due date become overdue (a bill being paid right now keeps 'paying'; its release marks it).
  const marked = await BillModel.updateMany(
    { status: 'unpaid', dueDate: { $lt: now } },
    { $set: { status: 'overdue' } },
  );

  const soon = new Date(now.getTime() + deps.config.BILL_REMINDER_DAYS_BEFORE * 86_400_000);
  let reminders = 0;
  const stages: Array<[Stage, Record<string, unknown>]> = [
    ['due', { status: 'unpaid', dueDate: { $gte: now, $lte: soon } }],
    ['overdue', { status: 'overdue' }],
  ];
  for (const [stage, filter] of stages) {
    for (;;) {
      const bills = await BillModel.find({ ...filter, remindedStages: { $ne: stage } })
        .limit(batch)
        .lean<(BillDoc & { remindedStages?: string[] })[]>();
      if (!bills.length) break;
      reminders += await remind(stage, bills);
      await BillModel.updateMany(
        { _id: { $in: bills.map((b) => b._id) } },
        { $addToSet: { remindedStages: stage } },
      );
      if (bills.length < batch) break;
    }
  }
  return { overdue: marked.modifiedCount, reminders };
}

async function remind(stage: Stage, bills: BillDoc[]): Promise<number> {
  const bindings = await bindingsOf([...new Set(bills.map((b) => b.accountNo))]);
  const usersOf = new Map<string, string[]>();
  for (const b of bindings) usersOf.set(b.accountNo, [...(usersOf.get(b.accountNo) ?? []), b.userId]);
  const items: { payload: MessageSendPayload; dedupeKey: string }[] = [];
  for (const bill of bills) {
    for (const userId of usersOf.get(bill.accountNo) ?? []) {
      items.push({
        dedupeKey: `reminder:${stage}:${bill._id.toString()}:${userId}`,
        payload: {
          userId,
          event: 'billReminder',
          data: {
            accountNo: bill.accountNo,
            amountFen: bill.amountDue,
            dueAt: bill.dueDate.toISOString(),
            period: stage === 'overdue' ? `${bill.period} 已逾期` : bill.period,
          },
          page: pageLink('billDetail', { id: bill._id.toString() }),
        },
      });
    }
  }
  return enqueueMessages(items);
}
