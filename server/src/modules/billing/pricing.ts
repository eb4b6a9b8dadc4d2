/**
 * What a period's usage costs an account: the rule of its tariff for its utility, applied after the
 * usage already billed that calendar year. The bill a reading produces, the trial bill (试算) shown
 * before it is submitted and a bill's tier position all come from here, so they cannot disagree.
 */
import type { BillItem, TierPosition, Utility } from '@portal/types';
import type { Account } from '../accounts';
import { BillModel, type BillDoc } from './bill.model';
import { priceWith, tariffRule, tierPosition } from './tariff';

export type PricedUsage = {
  items: BillItem[];
  amountFen: number;
  tariffTitle: string;
  /** After this usage; null for flat and area prices. */
  tierPosition: TierPosition | null;
  /** Area-priced heating: a reading changes nothing that is charged. */
  areaPriced: boolean;
};

type PricedAccount = Pick<Account, 'accountNo' | 'utility' | 'contract'>;

/** Usage billed in `period`'s calendar year before it (or through it, inclusive). Cancelled bills do not count. */
export async function yearUsage(
  accountNo: string,
  period: string,
  opts: { inclusive: boolean },
): Promise<number> {
  const rows = await BillModel.find(
    {
      accountNo,
      billType: 'usage',
      period: { $gte: `${period.slice(0, 4)}-01`, [opts.inclusive ? '$lte' : '$lt']: period },
      status: { $ne: 'cancelled' },
    },
    { usage: 1 },
  ).lean<BillDoc[]>();
  return rows.reduce((n, b) => n + (b.usage ?? 0), 0);
}

export async function priceUsage(
  account: PricedAccount,
  period: string,
  usage: number,
): Promise<PricedUsage> {
  const utility = account.utility as Utility;
  const { definition, rule } = tariffRule(account.contract?.tariff, utility);
  const before = await yearUsage(account.accountNo, period, { inclusive: false });
  const items = priceWith(rule, {
    utility,
    usage,
    yearToDateUsage: before,
    heatingAreaM2: account.contract?.heatingAreaM2,
  });
  return {
    items,
    amountFen: items.reduce((n, i) => n + i.amountFen, 0),
    tariffTitle: definition.title,
    tierPosition: tierPosition(rule, utility, Number(period.slice(0, 4)), before + usage),
    areaPriced: rule.kind === 'area',
  };
}
