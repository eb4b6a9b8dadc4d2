/**
 * Households like one account, for anonymous comparisons (usage against the community's average):
 * the same community (areaCode), utility and customer category (居民 vs 非居民), not closed. Only
 * account numbers leave this feature; the caller aggregates and never shows one household's figures.
 */
import { AccountModel, type Account } from './account.model';

const NON_RESIDENTIAL = ['commercial', 'public'];

export async function similarHouseholdNos(
  account: Pick<Account, 'accountNo' | 'areaCode' | 'utility' | 'customerType'>,
  limit = 5_000,
): Promise<string[]> {
  const residential = (account.customerType ?? 'residential') === 'residential';
  const rows = await AccountModel.find(
    {
      areaCode: account.areaCode,
      utility: account.utility,
      customerType: residential ? { $nin: NON_RESIDENTIAL } : { $in: NON_RESIDENTIAL },
      status: { $ne: 'closed' },
      accountNo: { $ne: account.accountNo },
    },
    { _id: 0, accountNo: 1 },
  )
    .limit(limit)
    .lean<{ accountNo: string }[]>();
  return rows.map((r) => r.accountNo);
}
