/**
 * The 360° customer record for staff: one call, every query by accountNo on an index, run in parallel.
 * Bills, payments, work orders and chats belong to other features; they are read here through their
 * collections (by name, projected), so this record keeps working while those features evolve and
 * when a collection is still empty.
 */
import mongoose from 'mongoose';
import type { Customer360 } from '@portal/types';
import { fullAddress, maskPhone } from '../../platform/mask';
import { findAccessibleAccount } from './access';
import type { StaffAuth } from '../../platform/auth/auth';
import { BindingModel } from './binding.model';
import { recordPersonalDataRead } from './personalDataReads';
import type { AppDeps } from '../../deps';

type Doc = Record<string, unknown>;
const UNPAID = ['unpaid', 'overdue', 'paying'];

const col = (name: string) => mongoose.connection.collection<Doc>(name);

function plain(d: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(d)) {
    if (v instanceof Date) out[k] = v.toISOString();
    else if (v instanceof mongoose.Types.ObjectId) out[k === '_id' ? 'id' : k] = v.toString();
    else out[k] = v;
  }
  return out;
}

const iso = (d?: Date | null) => (d ? new Date(d).toISOString() : undefined);

export async function getCustomer360(deps: AppDeps, auth: StaffAuth, accountNo: string, limit: number, requestId?: string): Promise<Customer360> {
  const account = await findAccessibleAccount(auth, accountNo);
  await recordPersonalDataRead(deps, auth, { action: 'customer.view', target: { kind: 'account', id: accountNo }, requestId });
  const byAccount = { accountNo };
  const inspections = { accountNo, inspectionPlanId: { $type: 'string' } };
  const orders = { accountNo, inspectionPlanId: { $not: { $type: 'string' } } };
  const orderFields = { orderNo: 1, type: 1, category: 1, status: 1, state: 1, priority: 1, createdAt: 1, resolvedAt: 1, assigneeName: 1, slaDueAt: 1, rating: 1, escalated: 1 };
  const [bindings, bills, billCount, arrears, payments, paymentCount, orderRows, orderCount, openOrders, inspectionRows, inspectionCount, ratings, chats, chatCount] =
    await Promise.all([
      BindingModel.find(byAccount, { userId: 1, relation: 1, createdAt: 1 }).lean(),
      col('bills')
        .find(byAccount, { projection: { period: 1, billType: 1, amountDue: 1, status: 1, dueDate: 1, paidAt: 1, usage: 1 } })
        .sort({ period: -1 })
        .limit(limit)
        .toArray(),
      col('bills').countDocuments(byAccount),
      col('bills')
        .aggregate<{ fen: number; n: number }>([
          { $match: { accountNo, status: { $in: UNPAID } } },
          { $group: { _id: null, fen: { $sum: '$amountDue' }, n: { $sum: 1 } } },
        ])
        .toArray(),
      col('payments')
        .find(byAccount, { projection: { outTradeNo: 1, amountFen: 1, status: 1, channel: 1, paidAt: 1, createdAt: 1, refundedFen: 1 } })
        .sort({ createdAt: -1 })
        .limit(limit)
        .toArray(),
      col('payments').countDocuments(byAccount),
      col('workOrders').find(orders, { projection: orderFields }).sort({ createdAt: -1 }).limit(limit).toArray(),
      col('workOrders').countDocuments(orders),
      col('workOrders').countDocuments({ ...orders, state: 'open' }),
      col('workOrders').find(inspections, { projection: orderFields }).sort({ createdAt: -1 }).limit(limit).toArray(),
      col('workOrders').countDocuments(inspections),
      col('workOrders')
        .aggregate<{ n: number; avg: number }>([
          { $match: { accountNo, 'rating.score': { $type: 'number' } } },
          { $group: { _id: null, n: { $sum: 1 }, avg: { $avg: '$rating.score' } } },
        ])
        .toArray(),
      col('chatSessions').find(byAccount).sort({ createdAt: -1 }).limit(limit).toArray(),
      col('chatSessions').countDocuments(byAccount),
    ]);

  const holder = account.holder!;
  const address = account.address!;
  return {
    account: {
      accountNo: account.accountNo,
      holder: {
        name: holder.name,
        phoneMasked: maskPhone(holder.phone),
        idNumberMasked: holder.idNumberMasked ?? undefined,
      },
      address: {
        district: address.district,
        community: address.community,
        building: address.building || undefined,
        unit: address.unit || undefined,
        room: address.room || undefined,
        full: fullAddress(address),
      },
      areaCode: account.areaCode,
      utility: account.utility,
      customerType: account.customerType,
      status: account.status,
      tags: account.tags,
      specialNeeds: account.specialNeeds ?? undefined,
      contract: { no: account.contract?.no ?? undefined, startAt: iso(account.contract?.startAt), tariff: account.contract?.tariff ?? undefined },
      meters: account.meters.map((m) => ({
        meterNo: m.meterNo,
        model: m.model ?? undefined,
        installedAt: iso(m.installedAt),
        lastReading: m.lastReading ?? undefined,
        lastReadingAt: iso(m.lastReadingAt),
      })),
      appliances: account.appliances.map((a) => ({ kind: a.kind, brand: a.brand ?? undefined, model: a.model ?? undefined, installedAt: iso(a.installedAt) })),
      createdAt: iso((account as { createdAt?: Date }).createdAt),
    },
    residents: bindings.map((b) => ({ userId: String(b.userId), relation: b.relation, boundAt: iso(b.createdAt) ?? new Date(0).toISOString() })),
    billing: {
      arrearsFen: arrears[0]?.fen ?? 0,
      unpaidCount: arrears[0]?.n ?? 0,
      bills: { items: bills.map(plain), total: billCount },
      payments: { items: payments.map(plain), total: paymentCount },
    },
    workOrders: { items: orderRows.map(plain), total: orderCount, open: openOrders },
    inspections: { items: inspectionRows.map(plain), total: inspectionCount },
    ratings: { count: ratings[0]?.n ?? 0, average: ratings[0] ? Math.round(ratings[0].avg * 10) / 10 : null },
    chats: { items: chats.map(plain), total: chatCount },
    notes: [...account.notes]
      .reverse()
      .map((n) => ({ at: iso(n.at) ?? new Date(0).toISOString(), by: n.by ?? '', text: n.text ?? '' })),
  };
}
