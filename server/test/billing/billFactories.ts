/** Billing test data: bills for an account, written to the test database. */
import type { Account } from '../../src/modules/accounts/account.model';
import { BillModel, type BillDoc } from '../../src/modules/billing/bill.model';

export async function makeBill(
  account: Pick<Account, 'accountNo' | 'areaCode' | 'utility'>,
  over: Partial<{
    period: string;
    amountDue: number;
    status: string;
    dueDate: Date;
    usage: number;
    issuedAt: Date;
    billType: 'usage' | 'service';
  }> = {},
): Promise<BillDoc> {
  const amountDue = over.amountDue ?? 12_850;
  const doc = await BillModel.create({
    accountNo: account.accountNo,
    areaCode: account.areaCode,
    utility: account.utility,
    period: over.period ?? '2026-10',
    billType: over.billType ?? 'usage',
    items: [
      {
        kind: 'usage',
        name: '燃气费(第一阶梯)',
        quantity: over.usage ?? 40,
        unit: 'm³',
        unitPriceFen: 263,
        amountFen: amountDue - 1_000,
      },
      { kind: 'insurance', name: '保险费', amountFen: 1_000 },
    ],
    amountDue,
    usage: over.usage ?? 40,
    dueDate: over.dueDate ?? new Date(Date.now() + 10 * 86_400_000),
    status: over.status ?? 'unpaid',
    issuedAt: over.issuedAt ?? new Date(),
  });
  return doc.toObject() as BillDoc;
}
