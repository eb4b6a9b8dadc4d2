/** A hand-made KPI data set written straight into the source collections (orders, SLA clocks, bills). */
import { Types } from 'mongoose';
import { BillModel } from '../../src/modules/billing/bill.model';
import { SlaTimerModel } from '../../src/modules/workorders/sla/sla.model';
import { WorkOrderModel } from '../../src/modules/workorders/orders/workorder.model';

/** '2026-03-08 09:30' in Shanghai → Date. */
export const sh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);

/** `to`: the node the step entered (default 'y', a node no KPI reads). */
type Step = [at: string, action: string, by: 'staff' | 'system' | 'resident', to?: string];
export type OrderSpec = {
  no: string;
  type: string;
  category?: string;
  area: string;
  team?: string;
  channel?: string;
  created: string;
  state?: 'open' | 'resolved' | 'closed' | 'cancelled';
  closed?: string;
  score?: number;
  reopenCount?: number;
  attempts?: number;
  unreachable?: boolean;
  steps?: Step[];
  /** [staffId, name] of the assignee. */
  assignee?: [string, string];
};

let seq = 0;
export async function insertOrders(specs: OrderSpec[]): Promise<void> {
  await WorkOrderModel.collection.insertMany(
    specs.map((o) => {
      const createdAt = sh(o.created);
      return {
        orderNo: o.no,
        accountNo: `31000${String(++seq).padStart(5, '0')}`,
        areaCode: o.area,
        type: o.type,
        category: o.category ?? 'other',
        priority: 'normal',
        status: o.state === 'closed' ? 'closed' : o.state === 'cancelled' ? 'cancelled' : 'accepted',
        state: o.state ?? 'open',
        description: 'test',
        address: 'test',
        ...(o.channel ? { channel: o.channel } : {}),
        ...(o.team ? { team: o.team } : {}),
        ...(o.assignee ? { assigneeId: o.assignee[0], assigneeName: o.assignee[1] } : {}),
        createdBy: { kind: o.channel === 'mp' || o.channel === 'oa' ? 'resident' : 'staff' },
        ...(o.closed ? { closedAt: sh(o.closed) } : {}),
        ...(o.score ? { rating: { score: o.score, tags: [], at: createdAt } } : {}),
        reopenCount: o.reopenCount ?? 0,
        attempts: o.attempts ?? 0,
        ...(o.unreachable ? { unreachable: true } : {}),
        history: [
          {
            at: createdAt,
            action: 'create',
            from: 'new',
            to: 'accepted',
            by: { kind: o.channel === 'mp' ? 'resident' : 'staff' },
          },
          ...(o.steps ?? []).map(([at, action, by, to]) => ({
            at: sh(at),
            action,
            from: 'x',
            to: to ?? 'y',
            by: { kind: by },
          })),
        ],
        createdAt,
        updatedAt: new Date(),
      };
    }) as never[],
  );
}

export async function insertTimers(
  timers: [orderNo: string, status: string, started: string][],
): Promise<void> {
  await SlaTimerModel.collection.insertMany(
    timers.map(([orderNo, status, started], i) => ({
      _id: `${orderNo}:p${i}:0`,
      orderNo,
      policyKey: `p${i}`,
      label: 'x',
      targetNode: 'closed',
      onBreach: 'escalate',
      calendar: '24x7',
      areaCode: 'x',
      budgetMs: 1,
      status,
      startedAt: sh(started),
      updatedAt: new Date(),
    })) as never[],
  );
}

export type BillSpec = {
  account: string;
  area: string;
  period: string;
  fen: number;
  status: string;
  paidAt?: string;
  online?: boolean;
};
export async function insertBills(bills: BillSpec[]): Promise<void> {
  await BillModel.collection.insertMany(
    bills.map((b) => ({
      _id: new Types.ObjectId(),
      accountNo: b.account,
      areaCode: b.area,
      utility: 'gas',
      period: b.period,
      billType: 'usage',
      items: [],
      amountDue: b.fen,
      dueDate: sh(`${b.period}-25 00:00`),
      status: b.status,
      issuedAt: sh(`${b.period}-01 00:00`),
      ...(b.paidAt ? { paidAt: sh(b.paidAt) } : {}),
      ...(b.online ? { paidOutTradeNo: `T${b.account}` } : {}),
      updatedAt: new Date(),
    })) as never[],
  );
}
