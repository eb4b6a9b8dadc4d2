/**
 * 试算: what a self reading would be billed, shown at once, before the resident submits it. It runs
 * the same checks as submitting (last reading, plausibility) and the same pricing as the bill an
 * accepted reading becomes; it writes nothing.
 */
import type { TrialBill, TrialBillBody, Utility } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { ResidentAuth } from '../../platform/auth/auth';
import { findAccessibleAccount } from '../accounts';
import { checkReading } from './meterReadings.service';
import { priceUsage } from './pricing';
import { usageUnit } from './tariff';
import { monthOf } from '../../platform/time';

export async function trialBill(deps: AppDeps, auth: ResidentAuth, body: TrialBillBody): Promise<TrialBill> {
  const account = await findAccessibleAccount(auth, body.accountNo);
  const checked = await checkReading(deps, account, body);
  const period = monthOf(deps.clock.now());
  const priced = await priceUsage(account, period, checked.usage);
  return {
    accountNo: account.accountNo,
    meterNo: checked.meterNo,
    period,
    previousReading: checked.previous,
    reading: checked.reading,
    usage: checked.usage,
    unit: usageUnit(account.utility as Utility),
    items: priced.items,
    amountFen: priced.amountFen,
    tariffTitle: priced.tariffTitle,
    tierPosition: priced.tierPosition,
    ...(priced.areaPriced ? { note: '供暖按面积计费,每个供暖季收取一次,本次报数不产生费用' } : {}),
  };
}
