/**
 * A bill as a resident understands it: each tier's quantity, unit price and amount (its items), where
 * the year's usage stands against the tiers after it, the same month last year, whether it can be
 * paid, and its e-invoice request.
 */
import type { BillDetail, TierPosition, Utility, YearOnYear } from '@portal/types';
import type { Auth } from '../../platform/auth/auth';
import { BillModel, type BillDoc } from './bill.model';
import { billsVisibleFrom, findAccessibleBill, toBills } from './bills.service';
import { invoiceOfBill } from './invoices/invoices.service';
import { yearUsage } from './pricing';
import { tariffDefinition, tierPosition, usageUnit } from './tariff';
import { addMonths } from '../../platform/time';

const PAYABLE = new Set(['unpaid', 'overdue']);

export const changePercent = (now: number, before: number | null): number | null =>
  before && before > 0 ? Math.round(((now - before) / before) * 1000) / 10 : null;

export async function getBillDetail(auth: Auth, billId: string): Promise<BillDetail> {
  const { bill, account } = await findAccessibleBill(auth, billId);
  const utility = bill.utility as Utility;
  // A tariff renamed since the bill was issued still shows the bill; only the explanation is left out.
  const definition = (() => {
    try {
      return tariffDefinition(account.contract?.tariff);
    } catch {
      return undefined;
    }
  })();
  const rule = definition?.rules[utility];
  const usageBill = bill.billType === 'usage' && typeof bill.usage === 'number';
  const lastYearPeriod = addMonths(bill.period, -12);
  const from = billsVisibleFrom(auth, account);

  const [[view], used, lastYear, invoice] = await Promise.all([
    toBills([bill]),
    usageBill && rule?.kind === 'tiered'
      ? yearUsage(bill.accountNo, bill.period, { inclusive: true })
      : Promise.resolve(null),
    usageBill
      ? BillModel.findOne(
          {
            accountNo: bill.accountNo,
            utility,
            billType: 'usage',
            period: lastYearPeriod,
            status: { $ne: 'cancelled' },
            ...(from ? { issuedAt: { $gte: from } } : {}),
          },
          { usage: 1 },
        ).lean<BillDoc>()
      : Promise.resolve(null),
    invoiceOfBill(billId),
  ]);

  const position: TierPosition | null =
    rule && used !== null ? tierPosition(rule, utility, Number(bill.period.slice(0, 4)), used) : null;
  const lastYearUsage = lastYear?.usage ?? null;
  const yearOnYear: YearOnYear | null = usageBill
    ? {
        period: bill.period,
        usage: bill.usage!,
        lastYearPeriod,
        lastYearUsage,
        changePercent: changePercent(bill.usage!, lastYearUsage),
      }
    : null;
  return {
    bill: view,
    unit: usageUnit(utility),
    tariffTitle: definition?.title ?? '',
    tierPosition: position,
    yearOnYear,
    payable: PAYABLE.has(bill.status),
    invoice,
  };
}
